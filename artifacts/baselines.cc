#include "artifacts/baselines.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "artifacts/artifact_files.h"
#include "artifacts/screenshots.h"
#include "journeys/artifact_sink.h"
#include "journeys/atomic_file.h"

namespace artifacts {

namespace {

namespace fs = std::filesystem;

std::string Percent(double fraction) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.2f%%", fraction * 100);
  return buffer;
}

// The masked boxes of the page the baseline was taken from, beside it as NAME.masks.json
// ([[x, y, width, height], ...]): a masked element whose size changed (a number with one more
// digit) must be hidden where it was then as well as where it is now.
std::string MasksPathFor(const std::string& baseline_path) {
  return fs::path(baseline_path).replace_extension(".masks.json").string();
}

void WriteMasks(const std::string& baseline_path, const std::vector<journeys::Box>& masks) {
  std::string path = MasksPathFor(baseline_path);
  if (masks.empty()) {
    std::error_code ec;
    fs::remove(path, ec);
    return;
  }
  nlohmann::json boxes = nlohmann::json::array();
  for (const auto& box : masks) boxes.push_back({box.x, box.y, box.width, box.height});
  journeys::WriteFileAtomically(path, boxes.dump() + "\n");
}

std::vector<journeys::Box> ReadMasks(const std::string& baseline_path) {
  std::vector<journeys::Box> masks;
  auto text = ReadBinaryFile(MasksPathFor(baseline_path));
  if (!text) return masks;
  nlohmann::json boxes = nlohmann::json::parse(*text, nullptr, false);
  if (!boxes.is_array())
    throw std::runtime_error(MasksPathFor(baseline_path) + " is no list of boxes");
  for (const auto& box : boxes) {
    if (!box.is_array() || box.size() != 4) continue;
    masks.push_back(
        {box[0].get<double>(), box[1].get<double>(), box[2].get<double>(), box[3].get<double>()});
  }
  return masks;
}

journeys::StepError Failure(const journeys::Step& step, std::string kind, std::string message) {
  journeys::StepError error;
  error.kind = std::move(kind);
  error.message = step.label + ": " + message;
  error.selector = step.selector;
  error.failed_check = "visual";
  return error;
}

}  // namespace

DiffPaths DiffPathsFor(const std::string& screenshot_path) {
  fs::path screenshot(screenshot_path);
  fs::path dir = screenshot.parent_path().parent_path() / "diffs";
  std::string stem = screenshot.stem().string();
  return {(dir / (stem + ".png")).string(), (dir / (stem + "-baseline.png")).string()};
}

std::string Baselines::PathFor(const journeys::Step& step) const {
  fs::path dir = options_.dir.empty() ? fs::path(step.location.file).parent_path() / "baselines"
                                      : fs::path(options_.dir);
  return (dir / (journeys::SafeFileStem(step.screenshot.baseline) + ".png")).string();
}

std::vector<std::string> Baselines::written() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return written_;
}

std::optional<journeys::StepError> Baselines::Compare(const journeys::Step& step,
                                                      const std::string& png,
                                                      const std::string& screenshot_path,
                                                      const std::vector<journeys::Box>& masks) {
  std::string path = PathFor(step);
  try {
    if (options_.update) {
      std::error_code ec;
      fs::create_directories(fs::path(path).parent_path(), ec);
      journeys::WriteFileAtomically(path, png);
      WriteMasks(path, masks);
      std::lock_guard<std::mutex> lock(mutex_);
      written_.push_back(path);
      return std::nullopt;
    }
    return Check(step, png, screenshot_path, masks, path);
  } catch (const std::exception& e) {
    // An unreadable or oversized image, an unwritable directory: the journey's setup is wrong.
    return Failure(step, "config", std::string("visual comparison impossible: ") + e.what());
  }
}

std::optional<journeys::StepError> Baselines::Check(const journeys::Step& step,
                                                    const std::string& png,
                                                    const std::string& screenshot_path,
                                                    const std::vector<journeys::Box>& masks,
                                                    const std::string& path) {
  auto baseline = ReadBinaryFile(path);
  if (!baseline) {
    return Failure(step, "config",
                   "no baseline '" + step.screenshot.baseline + "' at " + path +
                       " (record it with --update-baselines)");
  }
  std::vector<journeys::Box> all_masks = ReadMasks(path);
  all_masks.insert(all_masks.end(), masks.begin(), masks.end());
  Comparison comparison = CompareScreenshots(*baseline, png, all_masks, kPixelFuzz);
  double tolerance = step.screenshot.tolerance;
  if (comparison.size_mismatch.empty() && comparison.fraction() <= tolerance) return std::nullopt;

  DiffPaths diffs = DiffPathsFor(screenshot_path);
  bool keep = !screenshot_path.empty() && !options_.out_dir.empty();
  std::string lost;
  if (keep) {
    // The page differs whether or not the pictures of it can be written (a full or read-only
    // disk): that is still the step's failure, not the journey's set-up.
    try {
      std::error_code ec;
      fs::create_directories(fs::path(options_.out_dir) / fs::path(diffs.diff).parent_path(), ec);
      journeys::WriteFileAtomically(options_.out_dir + "/" + diffs.baseline, *baseline);
      if (!comparison.diff_png.empty()) {
        journeys::WriteFileAtomically(options_.out_dir + "/" + diffs.diff, comparison.diff_png);
      }
    } catch (const std::exception& e) {
      keep = false;
      lost = std::string("; no diff: ") + e.what();
    }
  }
  journeys::StepError error;
  if (!comparison.size_mismatch.empty()) {
    error = Failure(step, "assertion",
                    "differs in size from baseline '" + step.screenshot.baseline +
                        "': " + comparison.size_mismatch + lost);
    error.expected = "the size of " + path;
    error.actual = comparison.size_mismatch;
    return error;
  }
  error = Failure(step, "assertion",
                  Percent(comparison.fraction()) + " of the pixels differ from baseline '" +
                      step.screenshot.baseline + "' (tolerance " + Percent(tolerance) + ")" +
                      (keep ? "; diff: " + diffs.diff : lost));
  error.expected = "at most " + Percent(tolerance) + " of the pixels differ from " + path;
  error.actual = Percent(comparison.fraction()) + " (" + std::to_string(comparison.differing) +
                 " of " + std::to_string(comparison.total) + " px)";
  return error;
}

}  // namespace artifacts
