// Visual baselines: a `screenshot` step with `baseline: NAME` is compared with the stored image
// NAME.png. Baselines live in `baselines/` next to the journey file (so they are reviewed and
// committed with it), or in the directory given by --baselines. Masked regions (dynamic
// content) are painted identically on both images, a pixel counts as different beyond a color
// fuzz, and the step fails when more than `tolerance` (a fraction) of the pixels differ; the diff
// image and a copy of the baseline then go to diffs/ in the run's output directory.
// --update-baselines writes the screenshots as the new baselines instead (with the masked boxes
// of that page in NAME.masks.json, masked again in every later comparison).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "journeys/journey.h"
#include "journeys/result.h"

namespace artifacts {

// A channel may differ by this fraction of its range before the pixel counts as changed:
// antialiasing and font hinting noise, not content.
constexpr double kPixelFuzz = 0.1;

struct BaselineOptions {
  std::string dir;      // empty: baselines/ next to each journey file
  bool update = false;  // write baselines instead of comparing
  std::string out_dir;  // the run's output directory, where diffs/ goes
};

// Where a failed comparison of the screenshot at `screenshot_path` (relative to the output
// directory) leaves its diff image and the baseline it was compared with: diffs/ beside the
// screenshot's directory, named after the screenshot.
struct DiffPaths {
  std::string diff;
  std::string baseline;
};
DiffPaths DiffPathsFor(const std::string& screenshot_path);

class Baselines {
 public:
  explicit Baselines(BaselineOptions options) : options_(std::move(options)) {}

  // journeys::AttemptOptions::compare_baseline; safe to call from several threads. `masks` are
  // in `png`'s pixels. nullopt: within tolerance, or the baseline was written.
  std::optional<journeys::StepError> Compare(const journeys::Step& step, const std::string& png,
                                             const std::string& screenshot_path,
                                             const std::vector<journeys::Box>& masks);
  std::string PathFor(const journeys::Step& step) const;
  // The baselines --update-baselines wrote, in order.
  std::vector<std::string> written() const;

 private:
  std::optional<journeys::StepError> Check(const journeys::Step& step, const std::string& png,
                                           const std::string& screenshot_path,
                                           const std::vector<journeys::Box>& masks,
                                           const std::string& path);

  BaselineOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::string> written_;
};

}  // namespace artifacts
