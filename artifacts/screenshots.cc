#include "artifacts/screenshots.h"

#include <Magick++.h>

#include <algorithm>
#include <list>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace artifacts {

namespace {

// ImageMagick (Q16) holds 8 bytes per pixel: a phone's full-page screenshot at device scale 3
// (1170x2532) is 24 MB of pixels, which more than doubled cujo's peak memory when the report
// made its thumbnail. Images past this budget get a pixel cache on disk (in $TMPDIR, removed
// with the image) instead: a little slower, and off the resident set. A 1280x900 desktop
// screenshot (9 MB) stays in memory.
constexpr Magick::MagickSizeType kPixelMemory = 12 * 1024 * 1024;

void InitializeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    Magick::InitializeMagick(nullptr);
    Magick::ResourceLimits::memory(kPixelMemory);
    Magick::ResourceLimits::map(kPixelMemory);
  });
}

uint32_t BigEndian32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

Magick::Image Read(std::string_view bytes, const char* what) {
  InitializeOnce();
  if (auto size = PngSize(bytes)) {
    if (size->width > kMaxImageSide || size->height > kMaxImageSide) {
      throw std::runtime_error(
          std::string(what) + " is " + std::to_string(size->width) + "x" +
          std::to_string(size->height) + " px: ImageMagick's policy refuses images over " +
          std::to_string(kMaxImageSide) + " px per side (use a viewport or element screenshot)");
    }
  }
  try {
    Magick::Image image;
    image.read(Magick::Blob(bytes.data(), bytes.size()));
    return image;
  } catch (const Magick::Exception& e) {
    throw std::runtime_error(std::string("cannot read ") + what + ": " + e.what());
  }
}

std::string Write(Magick::Image& image, const char* format) {
  try {
    image.magick(format);
    if (std::string(format) == "JPEG") image.quality(75);
    Magick::Blob blob;
    image.write(&blob);
    return std::string(static_cast<const char*>(blob.data()), blob.length());
  } catch (const Magick::Exception& e) {
    throw std::runtime_error(std::string("cannot encode an image as ") + format + ": " + e.what());
  }
}

void PaintMasks(Magick::Image& image, const std::vector<journeys::Box>& masks) {
  if (masks.empty()) return;
  std::list<Magick::Drawable> drawing = {Magick::DrawableFillColor(Magick::Color("#ff00ff")),
                                         Magick::DrawableStrokeOpacity(0)};
  for (const auto& box : masks) {
    drawing.push_back(
        Magick::DrawableRectangle(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1));
  }
  image.draw(drawing);
}

// The first `rows` rows of `image` scaled down to `width` px wide, each pixel the average of
// the pixels it covers. By hand, a row at a time: a big screenshot's pixels are on disk
// (kPixelMemory), where ImageMagick's own crop, sample and resize read them pixel by pixel (a
// phone's full-page capture took 0.5 s of system time), and a whole row is one read.
Magick::Image AverageDown(Magick::Image& image, size_t rows, size_t width) {
  using MagickCore::Quantum;  // QuantumRange is a macro that names it unqualified
  constexpr double kQuantumRange = QuantumRange;
  const size_t columns = image.columns();
  const size_t height = std::max<size_t>(1, (rows * width + columns / 2) / columns);
  std::vector<float> out(width * height * 3, 0);
  std::vector<double> sums(width * 3);
  std::vector<size_t> counts(width);
  Magick::Pixels view(image);
  size_t out_row = 0, rows_summed = 0;
  for (size_t y = 0; y < rows; ++y) {
    const Magick::PixelPacket* row = view.getConst(0, static_cast<ssize_t>(y), columns, 1);
    for (size_t x = 0; x < columns; ++x) {
      size_t to = x * width / columns;
      sums[to * 3] += row[x].red;
      sums[to * 3 + 1] += row[x].green;
      sums[to * 3 + 2] += row[x].blue;
      counts[to] += rows_summed == 0;
    }
    ++rows_summed;
    // The last source row of this output row: write it out, start the next.
    if (y + 1 == rows || (y + 1) * height / rows != out_row) {
      for (size_t x = 0; x < width; ++x) {
        double n = static_cast<double>(counts[x] * rows_summed) * kQuantumRange;
        for (size_t c = 0; c < 3; ++c) {
          out[(out_row * width + x) * 3 + c] = static_cast<float>(sums[x * 3 + c] / n);
        }
      }
      std::fill(sums.begin(), sums.end(), 0);
      std::fill(counts.begin(), counts.end(), 0);
      rows_summed = 0;
      ++out_row;
    }
  }
  return Magick::Image(width, height, "RGB", Magick::FloatPixel, out.data());
}

}  // namespace

std::optional<ImageSize> PngSize(std::string_view bytes) {
  static constexpr std::string_view kSignature = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 24 || bytes.substr(0, 8) != kSignature || bytes.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  return ImageSize{BigEndian32(bytes, 16), BigEndian32(bytes, 20)};
}

std::string Thumbnail(std::string_view image_bytes, size_t width) {
  Magick::Image image = Read(image_bytes, "the screenshot");
  size_t top = std::min(image.rows(), image.columns() * 2);
  if (image.columns() <= width) {
    if (top < image.rows()) image.crop(Magick::Geometry(image.columns(), top, 0, 0));
    return Write(image, "JPEG");
  }
  Magick::Image thumbnail = AverageDown(image, top, width);
  return Write(thumbnail, "JPEG");
}

std::string FailurePreview(std::string_view png, const std::optional<journeys::Box>& box,
                           double scale, size_t max_width) {
  Magick::Image image = Read(png, "the failure screenshot");
  if (box) {
    // Thick enough to survive the scaling down.
    double stroke = std::max(3.0, 3.0 * static_cast<double>(image.columns()) / max_width);
    double pad = stroke / 2 + 1;
    std::list<Magick::Drawable> drawing = {
        Magick::DrawableStrokeColor(Magick::Color("#e0002a")), Magick::DrawableStrokeWidth(stroke),
        Magick::DrawableFillOpacity(0),
        Magick::DrawableRectangle(box->x * scale - pad, box->y * scale - pad,
                                  (box->x + box->width) * scale + pad,
                                  (box->y + box->height) * scale + pad)};
    image.draw(drawing);
  }
  if (image.columns() > max_width) image = AverageDown(image, image.rows(), max_width);
  return Write(image, "JPEG");
}

Comparison CompareScreenshots(std::string_view baseline_bytes, std::string_view actual_bytes,
                              const std::vector<journeys::Box>& masks, double fuzz) {
  Magick::Image baseline = Read(baseline_bytes, "the baseline");
  Magick::Image actual = Read(actual_bytes, "the screenshot");
  Comparison result;
  if (baseline.columns() != actual.columns() || baseline.rows() != actual.rows()) {
    result.size_mismatch = "the screenshot is " + std::to_string(actual.columns()) + "x" +
                           std::to_string(actual.rows()) + " px, the baseline " +
                           std::to_string(baseline.columns()) + "x" +
                           std::to_string(baseline.rows()) + " px";
    return result;
  }
  PaintMasks(baseline, masks);
  PaintMasks(actual, masks);
  actual.colorFuzz(Magick::Color::scaleDoubleToQuantum(fuzz));
  double differing = 0;
  Magick::Image diff;
  try {
    diff = actual.compare(baseline, Magick::AbsoluteErrorMetric, &differing);
  } catch (const Magick::Exception& e) {
    throw std::runtime_error(std::string("cannot compare with the baseline: ") + e.what());
  }
  result.total = actual.columns() * actual.rows();
  result.differing = static_cast<size_t>(differing);
  result.diff_png = Write(diff, "PNG");
  return result;
}

}  // namespace artifacts
