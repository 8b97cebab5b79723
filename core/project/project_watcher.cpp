// SPDX-License-Identifier: MIT
#include "project/project_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <utility>

namespace lambdadesk::core {
namespace {

constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY;

// Folders whose churn is not a code change: caches, VCS metadata, our own state.
bool ignoredFolder(const std::filesystem::path& folder)
{
    const auto name = folder.filename().string();
    return name == ".git" || name == "__pycache__" || name == ".lambdadesk" || name == ".aws-sam";
}

}  // namespace

ProjectWatcher::ProjectWatcher(const boost::asio::any_io_executor& executor, ChangeHandler onChange,
                               std::chrono::milliseconds quietPeriod)
    : m_inotify(executor), m_quietTimer(executor), m_onChange(std::move(onChange)), m_quietPeriod(quietPeriod)
{
}

ProjectWatcher::~ProjectWatcher()
{
    stop();
}

bool ProjectWatcher::watch(const std::filesystem::path& templatePath,
                           const std::map<std::string, std::filesystem::path>& codeFolders)
{
    if (!m_inotify.is_open()) {
        const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0)
            return false;
        m_inotify.assign(fd);
        read();
    }
    // The table is rebuilt on the same inotify instance, and what is pending stays pending. A reload calls
    // this while the user may still be saving; a fresh instance dropped whatever was written between the
    // reload's start and the new watches (and any change not yet reported). inotify_add_watch on a folder
    // already watched returns its descriptor, so its queued events keep their meaning.
    auto previous = std::exchange(m_watches, {});
    m_templatePath = templatePath;
    if (const int wd = addFolder(templatePath.parent_path()); wd >= 0)
        m_watches[wd].templateFolder = true;
    for (const auto& [function, folder] : codeFolders)
        addTree(folder, function);
    for (const auto& [wd, watch] : previous) {
        if (!m_watches.contains(wd))
            ::inotify_rm_watch(m_inotify.native_handle(), wd);
    }
    return true;
}

void ProjectWatcher::stop()
{
    boost::system::error_code ignored;
    m_inotify.close(ignored);
    m_quietTimer.cancel();
    m_watches.clear();
    m_pending = {};
}

int ProjectWatcher::addFolder(const std::filesystem::path& folder)
{
    const int wd = ::inotify_add_watch(m_inotify.native_handle(), folder.c_str(), kEvents);
    if (wd >= 0)
        m_watches[wd].folder = folder;
    return wd;
}

void ProjectWatcher::addTree(const std::filesystem::path& folder, const std::string& function)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec) || ignoredFolder(folder))
        return;
    if (const int wd = addFolder(folder); wd >= 0)
        m_watches[wd].functions.insert(function);
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_directory(ec))
            continue;
        if (ignoredFolder(it->path())) {
            it.disable_recursion_pending();
            continue;
        }
        if (const int wd = addFolder(it->path()); wd >= 0)
            m_watches[wd].functions.insert(function);
    }
}

void ProjectWatcher::read()
{
    m_inotify.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                         [weak = weak_from_this()](const boost::system::error_code& ec) {
                             auto self = weak.lock();
                             if (ec || !self)
                                 return;
                             self->onReadable();
                             self->read();
                         });
}

void ProjectWatcher::onReadable()
{
    alignas(inotify_event) std::array<char, 16384> buffer{};
    for (;;) {
        const ssize_t length = ::read(m_inotify.native_handle(), buffer.data(), buffer.size());
        if (length <= 0)
            break;
        for (ssize_t offset = 0; offset < length;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + offset);
            offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            const auto found = m_watches.find(event->wd);
            if (found == m_watches.end())
                continue;
            const std::string name = event->len > 0 ? std::string(event->name) : std::string();
            const Watch watch = found->second;  // a copy: addTree below may rehash the map
            if (watch.templateFolder && name == m_templatePath.filename().string())
                m_pending.templateChanged = true;
            if (name.ends_with(".pyc") || name.ends_with('~') || name.ends_with(".swp"))
                continue;
            for (const auto& function : watch.functions) {
                m_pending.functionsWithChangedCode.insert(function);
                // A new folder inside a code folder is watched too.
                if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)))
                    addTree(watch.folder / name, function);
            }
        }
    }
    if (m_pending.templateChanged || !m_pending.functionsWithChangedCode.empty())
        scheduleReport();
}

void ProjectWatcher::scheduleReport()
{
    // Restart the quiet period on every burst, then report once.
    m_quietTimer.expires_after(m_quietPeriod);
    m_quietTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self)
            return;
        ProjectChanges changes = std::move(self->m_pending);
        self->m_pending = {};
        self->m_onChange(changes);
    });
}

}  // namespace lambdadesk::core
