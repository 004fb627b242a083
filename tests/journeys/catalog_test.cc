// Catalogs of files: discovery, unreadable and missing paths, checks across files, and
// ResolveUses.
#include "journeys/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cdp/temp_dir.h"

namespace journeys {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class CatalogTest : public ::testing::Test {
 protected:
  // Writes `text` to `name` under the test's directory; returns its path.
  std::string Write(const std::string& name, const std::string& text) {
    std::filesystem::path path = std::filesystem::path(dir_.path()) / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }

  // "file:line:col: message" with the directory left out.
  std::vector<std::string> Errors(const Catalog& catalog) const {
    std::vector<std::string> out;
    for (const Diagnostic& d : catalog.errors) {
      std::string text = d.location.ToString() + ": " + d.message;
      if (text.rfind(dir_.path() + "/", 0) == 0) text = text.substr(dir_.path().size() + 1);
      out.push_back(text);
    }
    return out;
  }

  static std::vector<std::string> Labels(const Journey& journey) {
    std::vector<std::string> labels;
    for (const Step& step : journey.steps) labels.push_back(step.label);
    return labels;
  }

  cdp::TempDir dir_{"cujo-catalog-test-"};
};

TEST_F(CatalogTest, DirectoriesAreSearchedRecursivelyAndSorted) {
  Write("b.yaml", "name: b\nsteps: [{goto: /b}]\n");
  Write("sub/a.yml", "name: a\nsteps: [{goto: /a}]\n");
  Write("c.json", "{\"name\": \"c\", \"steps\": [{\"goto\": \"/c\"}]}");
  Write("notes.txt", "not a journey");
  Write(".hidden.yaml", "not: a journey");
  Write(".git/x.yaml", "not: a journey");
  Write("sub/baselines/card.masks.json", "[]");              // written by screenshot steps
  Write("cujo-results/20260101-000000/results.json", "{}");  // `cujo run .` writes its output here
  Catalog catalog = LoadCatalog({dir_.path()});
  EXPECT_THAT(Errors(catalog), ElementsAre());
  ASSERT_TRUE(catalog.ok());
  std::vector<std::string> names;
  for (const Journey& journey : catalog.journeys) names.push_back(journey.name);
  EXPECT_THAT(names, ElementsAre("b", "c", "a"));  // by path: b.yaml, c.json, sub/a.yml
  EXPECT_EQ(catalog.journeys[2].location.ToString(), Path("sub/a.yml") + ":1:1");
  ASSERT_NE(catalog.Find("c"), nullptr);
  EXPECT_EQ(catalog.Find("c")->steps.at(0).argument, "/c");
  EXPECT_EQ(catalog.Find("zz"), nullptr);
}

TEST_F(CatalogTest, AFileNamedTwiceIsReadOnce) {
  std::string file = Write("a.yaml", "name: a\nsteps: [{goto: /}]\n");
  Catalog catalog = LoadCatalog({dir_.path(), file, dir_.path() + "/./a.yaml"});
  EXPECT_THAT(Errors(catalog), ElementsAre());
  EXPECT_EQ(catalog.journeys.size(), 1u);
}

TEST_F(CatalogTest, FilesAreReadWhateverTheirExtension) {
  std::string file = Write("journey.txt", "name: a\nsteps: [{goto: /}]\n");
  EXPECT_TRUE(LoadCatalog({file}).ok());
}

TEST_F(CatalogTest, MissingPathIsAnErrorNamingIt) {
  Catalog catalog = LoadCatalog({Path("nope.yaml")});
  EXPECT_THAT(Errors(catalog), ElementsAre("nope.yaml: no such file or directory"));
  EXPECT_EQ(catalog.errors[0].ToString(), Path("nope.yaml") + ": error: no such file or directory");
}

TEST_F(CatalogTest, DirectoryWithoutJourneys) {
  Write("empty/readme.md", "#");
  EXPECT_THAT(Errors(LoadCatalog({Path("empty")})),
              ElementsAre("empty: no journey files (*.yaml, *.yml, *.json) here"));
}

TEST_F(CatalogTest, UnreadableFile) {
  // Reading /proc/self/mem from its start fails (EIO) whatever the user's rights, root too.
  Catalog catalog = LoadCatalog({"/proc/self/mem"});
  EXPECT_THAT(Errors(catalog),
              ElementsAre("/proc/self/mem: cannot read the file: Input/output error"));
}

TEST_F(CatalogTest, TooLargeFile) {
  std::string file = Write("big.yaml", std::string(2 << 20, '#'));
  EXPECT_THAT(Errors(LoadCatalog({file})),
              ElementsAre("big.yaml: the file is larger than 1 MiB: no journey is that long"));
}

TEST_F(CatalogTest, ErrorsOfEveryFile) {
  Write("a.yaml", "name: a\nsteps: [{clik: x}]\n");
  Write("b.yaml", "name: b\nsteps: []\n");
  Write("c.yaml", "name: c\nsteps: [{goto: /}]\n");
  Catalog catalog = LoadCatalog({dir_.path()});
  EXPECT_THAT(Errors(catalog),
              ElementsAre("a.yaml:2:10: unknown step `clik`", "b.yaml:2:8: `steps` is empty"));
  ASSERT_EQ(catalog.journeys.size(), 1u);  // the valid ones are still there
  EXPECT_EQ(catalog.journeys[0].name, "c");
}

TEST_F(CatalogTest, DuplicateNamesNameBothLocations) {
  Write("a.yaml", "name: login\nsteps: [{goto: /}]\n");
  Write("b.yaml", "description: again\nname: login\nsteps: [{goto: /}]\n");
  Catalog catalog = LoadCatalog({dir_.path()});
  EXPECT_THAT(Errors(catalog), ElementsAre("b.yaml:2:7: duplicate journey name `login`"));
  EXPECT_EQ(catalog.errors[0].hint, "also the name of " + Path("a.yaml") + ":1:7");
}

TEST_F(CatalogTest, UsesOfAMissingJourney) {
  Write("login.yaml", "name: login\nsteps: [{goto: /}]\n");
  Write("edit.yaml", "name: edit\nuses: [logn]\nsteps: [{goto: /}]\n");
  Catalog catalog = LoadCatalog({dir_.path()});
  EXPECT_THAT(Errors(catalog),
              ElementsAre("edit.yaml:2:8: `uses` names an unknown journey `logn`"));
  EXPECT_EQ(catalog.errors[0].hint, "did you mean `login`?");
}

TEST_F(CatalogTest, UsesOfAnInvalidJourneyIsNotReportedAgain) {
  Write("login.yaml", "name: login\nsteps: [{clik: x}]\n");
  Write("edit.yaml",
        "name: edit\nuses: [login]\nsteps: [{fill: {selector: a, text: '${vars.u}'}}]\n");
  EXPECT_THAT(Errors(LoadCatalog({dir_.path()})),
              ElementsAre("login.yaml:2:10: unknown step `clik`"));
}

TEST_F(CatalogTest, UsesCycles) {
  Write("a.yaml", "name: a\nuses: [b]\nsteps: [{goto: /}]\n");
  Write("b.yaml", "name: b\nuses: [c]\nsteps: [{goto: /}]\n");
  Write("c.yaml", "name: c\nuses: [x, a]\nsteps: [{goto: /}]\n");
  Write("x.yaml", "name: x\nsteps: [{goto: /}]\n");
  Write("self.yaml", "name: self\nuses: [self]\nsteps: [{goto: /}]\n");
  EXPECT_THAT(Errors(LoadCatalog({dir_.path()})),
              ElementsAre("c.yaml:2:11: `uses` makes a cycle: a -> b -> c -> a",
                          "self.yaml:2:8: `uses` makes a cycle: self -> self"));
}

TEST_F(CatalogTest, UnknownVariables) {
  Write("login.yaml", "name: login\nvars: {user: Tester}\nsteps: [{goto: '/${vars.user}'}]\n");
  Write("edit.yaml",
        "name: edit\nuses: [login]\nvars: {title: T}\nsteps:\n"
        "  - goto: '/${vars.title}/${vars.user}'\n"
        "  - fill: {selector: '#x', text: '${vars.titel}${env.UNSET_IS_FINE}${secret.TOO}'}\n"
        "  - screenshot: {name: s, mask: ['#${vars.title}', '.${vars.box}']}\n");
  Write("lone.yaml", "name: lone\nvars: {a: '${vars.b}'}\nsteps: [{goto: '/${vars.a}'}]\n");
  Catalog catalog = LoadCatalog({dir_.path()});
  EXPECT_THAT(Errors(catalog), ElementsAre("edit.yaml:6:34: unknown variable `vars.titel`",
                                           "edit.yaml:7:52: unknown variable `vars.box`",
                                           "lone.yaml:2:11: unknown variable `vars.b`"));
  EXPECT_EQ(catalog.errors[0].hint, "did you mean `title`?");
  EXPECT_EQ(catalog.errors[1].hint, "define it under `vars:` here or in a journey this one uses");
}

TEST_F(CatalogTest, VariablesOfJourneysUsedTransitively) {
  Write("a.yaml", "name: a\nvars: {deep: 1}\nsteps: [{goto: /}]\n");
  Write("b.yaml", "name: b\nuses: [a]\nsteps: [{goto: /}]\n");
  Write("c.yaml", "name: c\nuses: [b]\nsteps: [{goto: '/${vars.deep}'}]\n");
  EXPECT_THAT(Errors(LoadCatalog({dir_.path()})), ElementsAre());
}

TEST_F(CatalogTest, ResolveUsesOrderAndVars) {
  Write("login.yaml",
        "name: login\nvars: {user: Tester, lang: en}\nsteps: [{goto: /login}, {click: '#in'}]\n");
  Write("prefs.yaml", "name: prefs\nuses: [login]\nvars: {lang: fr}\nsteps: [{goto: /prefs}]\n");
  Write("tools.yaml", "name: tools\nvars: {tool: x, lang: de}\nsteps: [{goto: /tools}]\n");
  Write("edit.yaml",
        "name: edit\nuses: [prefs, tools, login]\nvars: {user: Editor}\n"
        "steps: [{goto: /edit}]\n");
  Catalog catalog = LoadCatalog({dir_.path()});
  ASSERT_TRUE(catalog.ok()) << Errors(catalog)[0];
  Journey edit = ResolveUses(catalog, *catalog.Find("edit"));
  // login once (first through prefs), then prefs, tools, and edit's own steps.
  EXPECT_THAT(Labels(edit),
              ElementsAre("goto /login", "click #in", "goto /prefs", "goto /tools", "goto /edit"));
  // Later journeys override earlier ones; the journey's own vars win.
  EXPECT_THAT(edit.vars,
              ElementsAre(Pair("lang", "de"), Pair("tool", "x"), Pair("user", "Editor")));
  EXPECT_TRUE(edit.uses.empty());
  EXPECT_EQ(edit.name, "edit");
  EXPECT_EQ(edit.steps[0].location.file, Path("login.yaml"));

  Journey login = ResolveUses(catalog, *catalog.Find("login"));
  EXPECT_THAT(Labels(login), ElementsAre("goto /login", "click #in"));
}

TEST_F(CatalogTest, BundledMediaWikiJourneysAreValid) {
  Catalog catalog = LoadCatalog({JOURNEYS_DIR "/mediawiki"});
  for (const Diagnostic& d : catalog.errors) ADD_FAILURE() << d.ToString();
  EXPECT_GE(catalog.journeys.size(), 14u);
  for (const Journey& journey : catalog.journeys) ResolveUses(catalog, journey);
}

}  // namespace
}  // namespace journeys
