// Two passes over the text: yaml-cpp's parser with a handler that only notes where documents
// start, then YAML::Load for the first one. Every yaml-cpp exception becomes a diagnostic.
#include "journeys/yaml_documents.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string>
#include <vector>

namespace journeys {

namespace {

class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::string YamlHint(const std::string& message) {
  if (message.find("invalid unicode") != std::string::npos) {
    return "write the character itself or \\UXXXXXXXX; UTF-16 surrogate pairs such as "
           "\\ud83d\\ude00 are not supported";
  }
  if (message.find("tab") != std::string::npos || message.find("illegal") != std::string::npos) {
    return "indent with spaces, never tabs";
  }
  return "";
}

}  // namespace

std::optional<YAML::Node> LoadDocument(Reader& reader, std::string_view text,
                                       const std::string& minimal) {
  const std::string input(text);
  try {
    std::istringstream stream(input);
    YAML::Parser parser(stream);
    DocumentStarts documents;
    for (int i = 0; i < 2 && parser.HandleNextDocument(documents); ++i) {
    }
    const std::vector<YAML::Mark>& starts = documents.starts;
    if (starts.size() > 1 && starts[1].pos == starts[0].pos) {
      reader.Error(reader.Where(starts[0]),
                   "invalid YAML: unexpected `" + input.substr(starts[0].pos, 1) + "`");
      return std::nullopt;
    }
    if (starts.size() > 1) {
      reader.Error(reader.Where(starts[1]), "a second YAML document in the file",
                   "one " + reader.kind() + " per file");
      return std::nullopt;
    }
    YAML::Node document = YAML::Load(input);
    if (starts.empty() || document.IsNull()) {
      reader.Error(reader.Where(YAML::Mark()), "the file is empty", minimal);  // 1:1
      return std::nullopt;
    }
    return document;
  } catch (const YAML::DeepRecursion& e) {
    reader.Error(reader.Where(e.mark), "invalid YAML: nested too deep",
                 "a few levels of nesting are enough, not " + std::to_string(e.depth()));
  } catch (const YAML::Exception& e) {
    reader.Error(reader.Where(e.mark), "invalid YAML: " + e.msg, YamlHint(e.msg));
  }
  return std::nullopt;
}

}  // namespace journeys
