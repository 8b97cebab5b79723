// SPDX-License-Identifier: MIT
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// What changed on disk since the last report.
struct ProjectChanges {
    bool templateChanged = false;
    std::set<std::string> functionsWithChangedCode;
};

/// Watches a project's template and every function's code folder (recursively, with inotify) and
/// reports changes after a short quiet period, so an editor's burst of writes is one reload.
class ProjectWatcher : public std::enable_shared_from_this<ProjectWatcher> {
public:
    using ChangeHandler = std::function<void(const ProjectChanges&)>;

    ProjectWatcher(const boost::asio::any_io_executor& executor, ChangeHandler onChange,
                   std::chrono::milliseconds quietPeriod = std::chrono::milliseconds(150));
    ~ProjectWatcher();
    ProjectWatcher(const ProjectWatcher&) = delete;
    ProjectWatcher& operator=(const ProjectWatcher&) = delete;

    /// Replaces what is watched: the template file and each function's code folder. On the executor.
    bool watch(const std::filesystem::path& templatePath,
               const std::map<std::string, std::filesystem::path>& codeFolders);
    void stop();

private:
    struct Watch {
        std::filesystem::path folder;
        std::set<std::string> functions;
        bool templateFolder = false;
    };

    void addTree(const std::filesystem::path& folder, const std::string& function);
    int addFolder(const std::filesystem::path& folder);
    void read();
    void onReadable();
    void scheduleReport();

    boost::asio::posix::stream_descriptor m_inotify;
    boost::asio::steady_timer m_quietTimer;
    ChangeHandler m_onChange;
    std::chrono::milliseconds m_quietPeriod;
    std::filesystem::path m_templatePath;
    std::map<int, Watch> m_watches;
    ProjectChanges m_pending;
};

}  // namespace lambdadesk::core
