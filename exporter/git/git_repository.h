// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::exporter {

/// The outcome of committing a folder's state.
struct CommitOutcome {
    std::string id;        ///< the new commit's hex id; empty when nothing changed
    bool changed = false;  ///< false: the tree equals HEAD's, no commit was made
};

/// A git repository, through libgit2 (its types stay in git_repository.cpp). Not thread-safe: libgit2's
/// objects and its last-error slot belong to the thread that uses them, so one export uses one thread.
class GitRepository {
public:
    ~GitRepository();
    GitRepository(GitRepository&&) noexcept;
    GitRepository& operator=(GitRepository&&) noexcept;

    /// Opens the repository whose work tree is `folder`, or creates one there with branch `main`.
    static core::Expected<GitRepository> openOrCreate(const std::filesystem::path& folder);
    /// Opens an existing repository (for reading it back).
    static core::Expected<GitRepository> open(const std::filesystem::path& folder);

    /// The work tree of the repository that holds `path` (the nearest .git above it), if any.
    static std::optional<std::filesystem::path> enclosingWorkTree(const std::filesystem::path& path);

    /// Stages every file of the work tree (.gitignore respected, deletions included) and commits it on
    /// HEAD when the tree differs from HEAD's. The author is the user's git identity, else
    /// "LambdaDesk <lambdadesk@localhost>".
    core::Expected<CommitOutcome> commitAll(const std::string& message);

    /// What `git status` would list (index and work tree, untracked included); empty when clean.
    [[nodiscard]] core::Expected<std::vector<std::string>> status() const;
    /// The paths HEAD's tree holds, sorted.
    [[nodiscard]] core::Expected<std::vector<std::string>> trackedFiles() const;
    /// HEAD's commits, newest first: "<id> <author name> <<email>> <summary>".
    [[nodiscard]] core::Expected<std::vector<std::string>> log() const;
    /// The branch HEAD points at ("main").
    [[nodiscard]] std::string branch() const;

private:
    struct Handle;
    explicit GitRepository(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> m_handle;
};

}  // namespace lambdadesk::exporter
