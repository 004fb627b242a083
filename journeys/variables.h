// ${...} in journey strings: ${base_url}, ${vars.NAME}, ${env.NAME}, ${secret.NAME} (from the
// environment, and masked as *** wherever cujo writes), ${unique} (a token fresh for each
// attempt, for page titles and edit text that must not collide).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace journeys {

// A variable that cannot be expanded at run time (e.g. an unset environment variable): the
// journey's configuration is wrong, not the product.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VariableReference {
  std::string name;  // as written: "vars.user", "base_url", "secret.PASSWORD"
  size_t offset = 0;
};

// Names of vars, environment variables and secrets: [A-Za-z0-9_-]+.
bool IsVariableName(const std::string& name);

// The references in `text`. Malformed syntax ("${", "${}") and unknown namespaces are reported
// through `error` with the offset; valid references are returned.
std::vector<VariableReference> FindReferences(
    const std::string& text, const std::function<void(size_t offset, std::string)>& error);

class Variables {
 public:
  using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
  // `env` defaults to the process environment.
  Variables(std::string base_url, std::map<std::string, std::string> vars, std::string unique,
            EnvLookup env = {});

  // Expands every reference (recursively for vars that contain references). Throws
  // ConfigError naming the variable that cannot be expanded.
  std::string Expand(const std::string& text);
  // The values of every ${secret.*} expanded so far.
  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  // `chain`: the vars being expanded, outermost first, to report a loop instead of recursing.
  std::string Expand(const std::string& text, std::vector<std::string>& chain);
  std::string ExpandVar(const std::string& name, std::vector<std::string>& chain);

  std::string base_url_;
  std::map<std::string, std::string> vars_;
  std::string unique_;
  EnvLookup env_;
  std::vector<std::string> secrets_;
};

// Replaces every occurrence of each secret by ***, also URL-encoded (as it is in a recorded URL).
// Made once for the many strings of a result: the forms are worked out and ordered once.
class SecretMask {
 public:
  explicit SecretMask(const std::vector<std::string>& secrets);
  bool empty() const { return forms_.empty(); }
  std::string Apply(const std::string& text) const;

 private:
  std::vector<std::string> forms_;  // each secret as it is and URL-encoded, longest first
};

// `text` through SecretMask(secrets).
std::string MaskSecrets(const std::string& text, const std::vector<std::string>& secrets);

}  // namespace journeys
