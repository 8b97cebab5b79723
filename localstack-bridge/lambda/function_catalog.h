// SPDX-License-Identifier: MIT
#pragma once

#include "lambda/function_record.h"

#include <model/expected.h>
#include <model/function_config.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::bridge {

/// A function CreateFunction saved in a workspace: its configuration (codeDir = <workspace>/<folder>/code)
/// and its record.
struct SavedFunction {
    core::FunctionConfig function;
    FunctionRecord record;
};

/// The functions saved in `workspace`, by name; an unreadable one is skipped and named in `problems`.
std::vector<SavedFunction> readSavedFunctions(const std::filesystem::path& workspace,
                                              std::vector<std::string>& problems);

/// The Lambda API's view of the engine's functions: each function's FunctionRecord, and the workspace
/// where functions created through the API keep their code (<workspace>/<name>@<region>/code) and
/// configuration (…/function.json), so they come back when the endpoint restarts. Template functions
/// get a record derived from their folder. Thread-safe.
class FunctionCatalog {
public:
    FunctionCatalog(core::Engine& engine, std::filesystem::path workspace);

    /// Puts the functions saved in the workspace back into the engine (those a template also defines
    /// stay the template's). Returns the problems met, one per unreadable function.
    std::vector<std::string> restore();

    /// The record of an engine function (saved, or derived from its code folder).
    FunctionRecord record(const core::FunctionConfig& function);
    /// Remembers a function's record and saves the function when it came from the API.
    core::Expected<void> save(const core::FunctionConfig& function, const FunctionRecord& record);
    /// Forgets a function and deletes its workspace folder.
    void forget(const std::string& name);

    /// Where a function (by engine key) keeps its code: <workspace>/<name>@<region>/code, or the folder it was
    /// found in at restore (older workspaces name folders by function name alone).
    [[nodiscard]] std::filesystem::path codeDir(const std::string& key) const;
    [[nodiscard]] const std::filesystem::path& workspace() const { return m_workspace; }
    /// The role reported for template functions, which have none in the template.
    [[nodiscard]] std::string defaultRole() const;

private:
    core::Engine& m_engine;
    std::filesystem::path m_workspace;
    [[nodiscard]] std::filesystem::path folderOf(const std::string& key) const;

    mutable std::mutex m_mutex;
    std::map<std::string, FunctionRecord> m_records;
    std::map<std::string, std::filesystem::path> m_folders;  ///< restored functions' folders, by key
};

}  // namespace lambdadesk::bridge
