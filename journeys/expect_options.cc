// expect: many keys, read each into the Expectation, then checked together (one key of each
// family, attribute with its comparison, element checks with a selector, at least one check,
// and `reload` only beside a check that a reload can change).
#include <algorithm>
#include <array>

#include "journeys/regex_check.h"
#include "journeys/step_options.h"
#include "journeys/step_parser.h"

namespace journeys {

namespace {

template <std::optional<TextMatch> Expectation::*kMatch, TextMatch::Op kOp>
void ReadMatch(StepParser& parser, const Field& value, Step& step) {
  auto text = parser.reader().Expandable(value);
  if (!text) return;
  // A pattern made with ${...} is only known, and checked, when the step runs.
  if (kOp == TextMatch::Op::kMatches && text->find("${") == std::string::npos) {
    auto problem = RegexProblem(*text);
    if (problem) parser.reader().Error(value.location, "`" + value.name + "`: " + *problem);
  }
  step.expect.*kMatch = TextMatch{kOp, *text};
}

void ReadAttribute(StepParser& parser, const Field& value, Step& step) {
  step.expect.attribute = parser.reader().Text(value).value_or("");
}

void ReadState(StepParser& parser, const Field& value, Step& step) {
  step.expect.state = ReadElementState(parser.reader(), value);
}

void ReadCount(StepParser& parser, const Field& value, Step& step) {
  step.expect.count = parser.reader().Int(value, 0, 1000000, "an integer >= 0");
}

void ReadStatus(StepParser& parser, const Field& value, Step& step) {
  step.expect.status = parser.reader().Int(value, 100, 599, "an HTTP status (100 to 599)");
}

template <bool Expectation::*kFlag>
void ReadFlag(StepParser& parser, const Field& value, Step& step) {
  step.expect.*kFlag = parser.reader().Bool(value).value_or(false);
}

using Op = TextMatch::Op;
using Family = std::array<const char*, 3>;
constexpr std::array<Family, 4> kFamilies = {{{"text", "text_contains", "text_matches"},
                                              {"equals", "contains", "matches"},
                                              {"title", "title_contains", "title_matches"},
                                              {"url", "url_contains", "url_matches"}}};

void CheckExpect(Reader& reader, const Field& action, const GivenOptions& given, const Step& step) {
  for (const Family& family : kFamilies) {
    std::vector<const Field*> present;
    for (const char* key : family) {
      if (given.count(key) != 0) present.push_back(&given.at(key));
    }
    // The later keys in the file are the ones to report.
    std::sort(present.begin(), present.end(), [](const Field* a, const Field* b) {
      return std::make_pair(a->key_location.line, a->key_location.column) <
             std::make_pair(b->key_location.line, b->key_location.column);
    });
    for (size_t i = 1; i < present.size(); ++i) {
      reader.Error(
          present[i]->key_location,
          "`" + present[0]->name + "` and `" + present[i]->name + "` contradict each other",
          "give one of " + JoinAlternatives({family.begin(), family.end()}));
    }
  }
  bool comparison = given.count("equals") + given.count("contains") + given.count("matches") > 0;
  if (given.count("attribute") != 0 && !comparison) {
    reader.Error(given.at("attribute").key_location,
                 "`attribute` needs `equals`, `contains` or `matches`");
  }
  for (const char* key : {"equals", "contains", "matches"}) {
    if (given.count(key) != 0 && given.count("attribute") == 0) {
      reader.Error(given.at(key).key_location, std::string("`") + key + "` needs `attribute`",
                   "e.g. {selector: a, attribute: href, contains: /wiki/}");
    }
  }
  for (const char* key : {"state", "count", "text", "text_contains", "text_matches", "attribute"}) {
    if (given.count(key) != 0 && given.count("selector") == 0) {
      reader.Error(given.at(key).key_location, std::string("`") + key + "` needs a `selector`");
    }
  }
  // Anything but `no_...: false` and `reload` (and `name`, `timeout`) asks for a check; of
  // those, all but `no_...` may change when the page is reloaded.
  bool asks = false;
  bool reloading_helps = false;
  for (const auto& [key, field] : given) {
    bool flag = key == "no_console_errors" || key == "no_js_exceptions";
    bool value = false;
    bool is_false = flag && YAML::convert<bool>::decode(field.node, value) && !value;
    bool check = key.rfind("common:", 0) != 0 && key != "reload" && !is_false;
    asks = asks || check;
    reloading_helps = reloading_helps || (check && !flag);
  }
  if (!asks) {
    reader.Error(action.key_location, "`expect` checks nothing",
                 "give a selector, title, url, status, no_console_errors or no_js_exceptions");
  } else if (step.expect.reload && !reloading_helps) {
    reader.Error(given.at("reload").key_location,
                 "`reload` cannot help `no_console_errors` or `no_js_exceptions`: what earlier "
                 "loads logged still counts",
                 "drop `reload`, or check something a reload changes (selector, title, url, "
                 "status)");
  }
}

}  // namespace

StepSpec ExpectSpec() {
  return {StepKind::kExpect,
          nullptr,
          {{"selector", ReadSelector},
           {"state", ReadState},
           {"count", ReadCount},
           {"text", ReadMatch<&Expectation::text, Op::kEquals>},
           {"text_contains", ReadMatch<&Expectation::text, Op::kContains>},
           {"text_matches", ReadMatch<&Expectation::text, Op::kMatches>},
           {"attribute", ReadAttribute},
           {"equals", ReadMatch<&Expectation::attribute_value, Op::kEquals>},
           {"contains", ReadMatch<&Expectation::attribute_value, Op::kContains>},
           {"matches", ReadMatch<&Expectation::attribute_value, Op::kMatches>},
           {"title", ReadMatch<&Expectation::title, Op::kEquals>},
           {"title_contains", ReadMatch<&Expectation::title, Op::kContains>},
           {"title_matches", ReadMatch<&Expectation::title, Op::kMatches>},
           {"url", ReadMatch<&Expectation::url, Op::kEquals>},
           {"url_contains", ReadMatch<&Expectation::url, Op::kContains>},
           {"url_matches", ReadMatch<&Expectation::url, Op::kMatches>},
           {"status", ReadStatus},
           {"no_console_errors", ReadFlag<&Expectation::no_console_errors>},
           {"no_js_exceptions", ReadFlag<&Expectation::no_js_exceptions>},
           {"reload", ReadFlag<&Expectation::reload>}},
          true,
          CheckExpect};
}

}  // namespace journeys
