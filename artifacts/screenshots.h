// The image work behind reports and visual checks, with Magick++ (ImageMagick 6): thumbnails
// for filmstrips, the failing element outlined on a failure screenshot, and the comparison of
// a screenshot with its baseline (masked regions, per-pixel fuzz, a diff image).
// ImageMagick's policy (/etc/ImageMagick-6/policy.xml) refuses images over 16000 px per side:
// such images are refused here first, with a message that says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journeys/result.h"

namespace artifacts {

constexpr size_t kMaxImageSide = 16000;

struct ImageSize {
  size_t width = 0, height = 0;
};
// The size stated in a PNG's header; nullopt when `bytes` is no PNG.
std::optional<ImageSize> PngSize(std::string_view bytes);

// Every function below throws std::runtime_error when an image cannot be read or written,
// or is too large for ImageMagick's policy.

// A JPEG `width` px wide of the top of `image` (at most twice as tall as wide).
std::string Thumbnail(std::string_view image, size_t width);

// A failure screenshot for the report: `png` with the failing element's `box` (if known)
// outlined in red, scaled down to at most `max_width` px wide, as JPEG. The box is in CSS px;
// `scale` is the screenshot's device pixels per CSS px.
std::string FailurePreview(std::string_view png, const std::optional<journeys::Box>& box,
                           double scale, size_t max_width);

struct Comparison {
  std::string size_mismatch;  // set when the images differ in size: nothing else is
  size_t differing = 0;       // pixels beyond the fuzz, masks excluded
  size_t total = 0;
  std::string diff_png;  // `actual` faded, differing pixels in red, masks painted
  double fraction() const { return total ? static_cast<double>(differing) / total : 0; }
};

// Paints `masks` (image px) identically on both, then counts the pixels whose color differs by
// more than `fuzz` (a fraction of the channel range).
Comparison CompareScreenshots(std::string_view baseline, std::string_view actual,
                              const std::vector<journeys::Box>& masks, double fuzz);

}  // namespace artifacts
