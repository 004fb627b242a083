// One scanner for ${...} syntax serves both validation (FindReferences) and expansion, so the
// two can never disagree on what a reference is.
#include "journeys/variables.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace journeys {

namespace {

// Why `inner` (what stands between "${" and "}") is no reference, or "".
std::string ReferenceProblem(const std::string& inner) {
  if (inner.empty()) return "empty variable reference `${}`";
  if (inner == "base_url" || inner == "unique") return "";
  size_t dot = inner.find('.');
  if (dot == std::string::npos) return "unknown variable `${" + inner + "}`";
  std::string space = inner.substr(0, dot);
  std::string name = inner.substr(dot + 1);
  if (space != "vars" && space != "env" && space != "secret") {
    return "unknown variable namespace `" + space + "` in `${" + inner + "}`";
  }
  if (name.empty()) return "missing name after `" + space + ".` in `${" + inner + "}`";
  if (!IsVariableName(name)) {
    return "invalid variable name `" + name + "` in `${" + inner + "}`";
  }
  return "";
}

struct ScanCallbacks {
  std::function<void(const std::string&)> literal;
  std::function<void(const VariableReference&)> reference;
  std::function<void(size_t offset, std::string message)> error;
};

// Walks `text` once: literal pieces ("$${" already unescaped), references and malformed ones.
void Scan(const std::string& text, const ScanCallbacks& callbacks) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t dollar = text.find('$', pos);
    if (dollar == std::string::npos) break;
    if (text.compare(dollar, 3, "$${") == 0) {
      if (callbacks.literal) callbacks.literal(text.substr(pos, dollar - pos) + "${");
      pos = dollar + 3;
      continue;
    }
    if (text.compare(dollar, 2, "${") != 0) {
      if (callbacks.literal) callbacks.literal(text.substr(pos, dollar + 1 - pos));
      pos = dollar + 1;
      continue;
    }
    if (callbacks.literal) callbacks.literal(text.substr(pos, dollar - pos));
    size_t close = text.find('}', dollar + 2);
    if (close == std::string::npos) {
      if (callbacks.error) callbacks.error(dollar, "unterminated `${`: no closing `}`");
      return;
    }
    std::string inner = text.substr(dollar + 2, close - dollar - 2);
    std::string problem = ReferenceProblem(inner);
    if (problem.empty()) {
      callbacks.reference(VariableReference{inner, dollar});
    } else if (callbacks.error) {
      callbacks.error(dollar, problem);
    }
    pos = close + 1;
  }
  if (callbacks.literal && pos < text.size()) callbacks.literal(text.substr(pos));
}

}  // namespace

bool IsVariableName(const std::string& name) {
  return !name.empty() && name.find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                              std::string::npos;
}

std::vector<VariableReference> FindReferences(
    const std::string& text, const std::function<void(size_t offset, std::string)>& error) {
  std::vector<VariableReference> references;
  Scan(text,
       {{}, [&](const VariableReference& reference) { references.push_back(reference); }, error});
  return references;
}

Variables::Variables(std::string base_url, std::map<std::string, std::string> vars,
                     std::string unique, EnvLookup env)
    : base_url_(std::move(base_url)),
      vars_(std::move(vars)),
      unique_(std::move(unique)),
      env_(std::move(env)) {
  if (!env_) {
    env_ = [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) return std::nullopt;
      return std::string(value);
    };
  }
}

std::string Variables::Expand(const std::string& text) {
  std::vector<std::string> chain;
  return Expand(text, chain);
}

std::string Variables::Expand(const std::string& text, std::vector<std::string>& chain) {
  std::string out;
  auto reference = [&](const VariableReference& ref) {
    const std::string& name = ref.name;
    if (name == "base_url") {
      out += base_url_;
    } else if (name == "unique") {
      out += unique_;
    } else if (name.rfind("vars.", 0) == 0) {
      out += ExpandVar(name.substr(5), chain);
    } else {
      bool secret = name.rfind("secret.", 0) == 0;
      std::string env_name = name.substr(name.find('.') + 1);
      std::optional<std::string> value = env_(env_name);
      if (!value) {
        throw ConfigError("unset environment variable " + env_name + " (from ${" + name + "})");
      }
      if (secret && !value->empty() &&
          std::find(secrets_.begin(), secrets_.end(), *value) == secrets_.end()) {
        secrets_.push_back(*value);
      }
      out += *value;
    }
  };
  Scan(text, {[&](const std::string& literal) { out += literal; }, reference,
              [&](size_t offset, const std::string& message) {
                throw ConfigError(message + " at offset " + std::to_string(offset) + " of `" +
                                  text + "`");
              }});
  return out;
}

std::string Variables::ExpandVar(const std::string& name, std::vector<std::string>& chain) {
  if (std::find(chain.begin(), chain.end(), name) != chain.end()) {
    std::string path;
    for (const std::string& link : chain) path += "vars." + link + " -> ";
    throw ConfigError("variable vars." + name + " refers to itself: " + path + "vars." + name);
  }
  auto var = vars_.find(name);
  if (var == vars_.end()) throw ConfigError("undefined variable ${vars." + name + "}");
  chain.push_back(name);
  std::string value = Expand(var->second, chain);
  chain.pop_back();
  return value;
}

namespace {

// `text` percent-encoded as a browser puts it in a URL: every byte but A-Z a-z 0-9 - _ . ~ as
// %XX; with `form`, a space as '+' (a form submitted with GET).
std::string UrlEncoded(const std::string& text, bool form) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (form && c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

SecretMask::SecretMask(const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    forms_.push_back(secret);
    for (bool form : {false, true}) {
      std::string encoded = UrlEncoded(secret, form);
      if (encoded != secret) forms_.push_back(std::move(encoded));
    }
  }
  std::stable_sort(forms_.begin(), forms_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretMask::Apply(const std::string& text) const {
  if (forms_.empty()) return text;
  // One pass, so that the *** of one secret is never taken for part of another.
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    auto match = std::find_if(forms_.begin(), forms_.end(), [&](const std::string& s) {
      return text.compare(pos, s.size(), s) == 0;
    });
    if (match != forms_.end()) {
      out += "***";
      pos += match->size();
    } else {
      out += text[pos++];
    }
  }
  return out;
}

std::string MaskSecrets(const std::string& text, const std::vector<std::string>& secrets) {
  return SecretMask(secrets).Apply(text);
}

}  // namespace journeys
