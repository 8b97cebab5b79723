// SPDX-License-Identifier: MIT
// The libgit2 call sequence of reference/export.md §5: init with initial_head "main", add_all (which
// honours .gitignore and stages deletions), compare the written tree with HEAD's, commit with the
// user's identity or a clear default.
#include "git/git_repository.h"

#include <git2.h>

#include <algorithm>

namespace lambdadesk::exporter {

namespace fs = std::filesystem;

namespace {

/// libgit2 keeps a process-wide reference count; one per repository object keeps it alive while used.
struct Library {
    Library() { git_libgit2_init(); }
    ~Library() { git_libgit2_shutdown(); }
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
};

/// libgit2's last error, read at once on the failing thread (it is thread-local and not cleared).
core::Error gitError(const std::string& what)
{
    const git_error* error = git_error_last();
    std::string message = what;
    if (error && error->message)
        message += ": " + std::string(error->message);
    git_error_clear();
    return core::Error{"GitError", message};
}

template <typename T, void (*Free)(T*)>
struct Owned {
    T* pointer = nullptr;
    Owned() = default;
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned()
    {
        if (pointer)
            Free(pointer);
    }
    T** out() { return &pointer; }
    T* get() const { return pointer; }
};

using Index = Owned<git_index, git_index_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Signature = Owned<git_signature, git_signature_free>;
using StatusList = Owned<git_status_list, git_status_list_free>;
using Walk = Owned<git_revwalk, git_revwalk_free>;
using Reference = Owned<git_reference, git_reference_free>;

std::string hex(const git_oid& id)
{
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, &id);
    return text;
}

}  // namespace

struct GitRepository::Handle {
    Library library;
    git_repository* repository = nullptr;
    ~Handle()
    {
        if (repository)
            git_repository_free(repository);
    }
};

GitRepository::GitRepository(std::unique_ptr<Handle> handle) : m_handle(std::move(handle)) {}
GitRepository::~GitRepository() = default;
GitRepository::GitRepository(GitRepository&&) noexcept = default;
GitRepository& GitRepository::operator=(GitRepository&&) noexcept = default;

core::Expected<GitRepository> GitRepository::open(const fs::path& folder)
{
    auto handle = std::make_unique<Handle>();
    if (git_repository_open(&handle->repository, folder.c_str()) < 0)
        return gitError("cannot open the git repository in " + folder.string());
    return GitRepository(std::move(handle));
}

core::Expected<GitRepository> GitRepository::openOrCreate(const fs::path& folder)
{
    auto handle = std::make_unique<Handle>();
    git_repository_init_options options;
    git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
    options.initial_head = "main";
    const int created = git_repository_init_ext(&handle->repository, folder.c_str(), &options);
    if (created == GIT_EEXISTS) {
        git_error_clear();
        return open(folder);
    }
    if (created < 0)
        return gitError("cannot create a git repository in " + folder.string());
    return GitRepository(std::move(handle));
}

std::optional<fs::path> GitRepository::enclosingWorkTree(const fs::path& path)
{
    Library library;
    // Start from the nearest folder that exists: the export's target may not exist yet.
    fs::path start = path;
    std::error_code error;
    while (!start.empty() && !fs::exists(start, error) && start != start.parent_path())
        start = start.parent_path();
    git_buf found = GIT_BUF_INIT;
    if (git_repository_discover(&found, start.c_str(), 0, nullptr) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    fs::path gitDir(std::string(found.ptr, found.size));
    git_buf_dispose(&found);
    // discover() answers the .git folder ("…/repo/.git/"); its work tree is the folder above it.
    gitDir = gitDir.lexically_normal();
    if (gitDir.filename().empty())
        gitDir = gitDir.parent_path();
    return gitDir.filename() == ".git" ? gitDir.parent_path() : gitDir;
}

core::Expected<CommitOutcome> GitRepository::commitAll(const std::string& message)
{
    git_repository* repository = m_handle->repository;
    Index index;
    if (git_repository_index(index.out(), repository) < 0)
        return gitError("cannot read the git index");
    if (git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) < 0)
        return gitError("cannot stage the exported files");
    if (git_index_write(index.get()) < 0)
        return gitError("cannot write the git index");
    git_oid treeId;
    if (git_index_write_tree(&treeId, index.get()) < 0)
        return gitError("cannot write the git tree");

    Commit parent;
    const int unborn = git_repository_head_unborn(repository);
    if (unborn < 0)
        return gitError("cannot read HEAD");
    if (unborn == 0) {
        git_oid headId;
        if (git_reference_name_to_id(&headId, repository, "HEAD") < 0 ||
            git_commit_lookup(parent.out(), repository, &headId) < 0)
            return gitError("cannot read HEAD's commit");
        if (git_oid_equal(&treeId, git_commit_tree_id(parent.get())))
            return CommitOutcome{};
    }

    Signature signature;
    if (git_signature_default(signature.out(), repository) < 0) {
        git_error_clear();
        if (git_signature_now(signature.out(), "LambdaDesk", "lambdadesk@localhost") < 0)
            return gitError("cannot make a commit signature");
    }
    Tree tree;
    if (git_tree_lookup(tree.out(), repository, &treeId) < 0)
        return gitError("cannot read the written tree");
    const git_commit* parents[] = {parent.get()};
    git_oid commitId;
    if (git_commit_create(&commitId, repository, "HEAD", signature.get(), signature.get(), nullptr, message.c_str(),
                          tree.get(), parent.get() ? 1 : 0, parent.get() ? parents : nullptr) < 0)
        return gitError("cannot commit");
    return CommitOutcome{hex(commitId), true};
}

core::Expected<std::vector<std::string>> GitRepository::status() const
{
    git_status_options options;
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
    StatusList list;
    if (git_status_list_new(list.out(), m_handle->repository, &options) < 0)
        return gitError("cannot read the status");
    std::vector<std::string> paths;
    const std::size_t count = git_status_list_entrycount(list.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        const git_diff_delta* delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
        paths.push_back(delta && delta->new_file.path ? delta->new_file.path : "?");
    }
    return paths;
}

core::Expected<std::vector<std::string>> GitRepository::trackedFiles() const
{
    git_oid headId;
    Commit head;
    Tree tree;
    if (git_reference_name_to_id(&headId, m_handle->repository, "HEAD") < 0 ||
        git_commit_lookup(head.out(), m_handle->repository, &headId) < 0 || git_commit_tree(tree.out(), head.get()) < 0)
        return gitError("cannot read HEAD's tree");
    std::vector<std::string> paths;
    const auto collect = [](const char* root, const git_tree_entry* entry, void* payload) {
        if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
            static_cast<std::vector<std::string>*>(payload)->push_back(std::string(root) + git_tree_entry_name(entry));
        return 0;
    };
    if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect, &paths) < 0)
        return gitError("cannot walk HEAD's tree");
    std::sort(paths.begin(), paths.end());
    return paths;
}

core::Expected<std::vector<std::string>> GitRepository::log() const
{
    Walk walk;
    if (git_revwalk_new(walk.out(), m_handle->repository) < 0 || git_revwalk_push_head(walk.get()) < 0)
        return gitError("cannot walk the history");
    std::vector<std::string> lines;
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0) {
        Commit commit;
        if (git_commit_lookup(commit.out(), m_handle->repository, &id) < 0)
            return gitError("cannot read a commit");
        const git_signature* author = git_commit_author(commit.get());
        const char* summary = git_commit_summary(commit.get());
        lines.push_back(hex(id) + ' ' + author->name + " <" + author->email + "> " + (summary ? summary : ""));
    }
    return lines;
}

std::string GitRepository::branch() const
{
    Reference head;
    if (git_repository_head(head.out(), m_handle->repository) < 0) {
        git_error_clear();
        // An unborn HEAD still names its branch.
        Reference symbolic;
        if (git_reference_lookup(symbolic.out(), m_handle->repository, "HEAD") < 0) {
            git_error_clear();
            return {};
        }
        const char* target = git_reference_symbolic_target(symbolic.get());
        std::string name = target ? target : "";
        return name.starts_with("refs/heads/") ? name.substr(11) : name;
    }
    const char* name = git_reference_shorthand(head.get());
    return name ? name : "";
}

}  // namespace lambdadesk::exporter
