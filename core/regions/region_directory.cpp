// SPDX-License-Identifier: MIT
#include "regions/region_directory.h"

#include "queues/queue_service.h"
#include "regions/region_names.h"
#include "streams/stream_service.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

bool holdsNothing(const RegionServices& services)
{
    return services.queues->queueNames().empty() && services.streams->streamNames().empty();
}

}  // namespace

RegionDirectory::RegionDirectory(boost::asio::any_io_executor executor, RegionDirectoryOptions options,
                                 RegionServices defaultRegion, OpenedHook opened)
    : m_executor(std::move(executor)), m_options(std::move(options)), m_defaultRegion(defaultRegion.region),
      m_opened(std::move(opened))
{
    m_regions.emplace(m_defaultRegion, std::move(defaultRegion));
}

RegionDirectory::~RegionDirectory()
{
    if (m_options.stateDir.empty())
        return;
    std::lock_guard lock(m_mutex);
    for (auto& [region, services] : m_regions) {
        if (region == m_defaultRegion || region == m_options.homeRegion || !holdsNothing(services))
            continue;
        // Only when ours are the last references: then the connections close here, and nothing can write to the
        // file after it is gone.
        if (services.queues.use_count() != 1 || services.streams.use_count() != 1)
            continue;
        services.queues.reset();
        services.streams.reset();
        removeDatabase(region);
    }
}

void RegionDirectory::removeDatabase(const std::string& region) const
{
    const std::string database = databasePath(region);
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(database + suffix, ec);
}

std::string regionDatabasePath(const RegionDirectoryOptions& options, const std::string& region)
{
    if (options.stateDir.empty())
        return ":memory:";
    if (region == options.homeRegion)
        return (options.stateDir / "state.db").string();
    return (options.stateDir / "regions" / (region + ".db")).string();
}

std::vector<std::string> RegionDirectory::openKept()
{
    std::vector<std::string> problems;
    if (m_options.stateDir.empty())
        return problems;
    std::error_code ec;
    const auto folder = m_options.stateDir / "regions";
    std::vector<std::string> kept;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".db")
            kept.push_back(it->path().stem().string());
    }
    std::sort(kept.begin(), kept.end());
    // The region state.db belongs to, when this run's default is another one: its queues and streams are still there.
    if (!m_options.homeRegion.empty() && m_options.homeRegion != m_defaultRegion)
        kept.push_back(m_options.homeRegion);
    std::sort(kept.begin(), kept.end());
    kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
    std::lock_guard lock(m_mutex);
    for (const auto& region : kept)
        openKeptLocked(region, problems);
    return problems;
}

void RegionDirectory::openKeptLocked(const std::string& region, std::vector<std::string>& problems)
{
    if (!checkRegionName(region) || m_regions.contains(region))
        return;
    auto opened = openServicesLocked(region);
    if (!opened) {
        problems.push_back("region " + region + ": " + opened.error().message);
        return;
    }
    if (!holdsNothing(*opened)) {
        keepLocked(*opened);
        return;
    }
    opened->queues.reset();
    opened->streams.reset();
    // A region a request only named (left by a version that kept it, or by a run that could not delete it). The home
    // region's state.db also holds async events and history: it is never deleted.
    if (region != m_options.homeRegion)
        removeDatabase(region);
}

Expected<RegionServices> RegionDirectory::services(const std::string& region)
{
    const std::string& name = region.empty() ? m_defaultRegion : region;
    std::lock_guard lock(m_mutex);
    if (const auto found = m_regions.find(name); found != m_regions.end())
        return found->second;
    if (auto valid = checkRegionName(name); !valid)
        return valid.error();
    return openLocked(name);
}

Expected<RegionServices> RegionDirectory::openLocked(const std::string& region)
{
    auto services = openServicesLocked(region);
    if (services)
        keepLocked(*services);
    return services;
}

void RegionDirectory::keepLocked(const RegionServices& services)
{
    if (m_opened)
        m_opened(services);
    m_regions.emplace(services.region, services);
}

Expected<RegionServices> RegionDirectory::openServicesLocked(const std::string& region)
{
    const std::string database = databasePath(region);
    if (!m_options.stateDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(m_options.stateDir / "regions", ec);
        if (ec)
            return Error{"ServiceException", "cannot create " + (m_options.stateDir / "regions").string() +
                                                 " for the queues and streams of " + region + ": " + ec.message()};
    }
    // Each service opens its own connection; with ":memory:" each gets its own database, which is what we want.
    QueueServiceOptions queueOptions;
    queueOptions.databasePath = database;
    queueOptions.region = region;
    queueOptions.accountId = m_options.accountId;
    queueOptions.timeScale = m_options.timeScale;
    if (!m_endpointUrl.empty())
        queueOptions.endpointUrl = m_endpointUrl;
    auto queues = QueueService::open(m_executor, queueOptions);
    if (!queues)
        return queues.error();
    StreamServiceOptions streamOptions;
    streamOptions.databasePath = database;
    streamOptions.region = region;
    streamOptions.accountId = m_options.accountId;
    streamOptions.timeScale = m_options.timeScale;
    auto streams = StreamService::open(streamOptions);
    if (!streams)
        return streams.error();
    return RegionServices{region, std::move(*queues), std::move(*streams)};
}

std::vector<RegionServices> RegionDirectory::all() const
{
    std::vector<RegionServices> regions;
    std::lock_guard lock(m_mutex);
    regions.push_back(m_regions.at(m_defaultRegion));
    for (const auto& [name, services] : m_regions) {
        if (name != m_defaultRegion)
            regions.push_back(services);
    }
    return regions;
}

void RegionDirectory::setEndpointUrl(const std::string& endpointUrl)
{
    std::lock_guard lock(m_mutex);
    m_endpointUrl = endpointUrl;
    for (auto& [name, services] : m_regions) {
        if (services.queues)
            services.queues->setEndpointUrl(endpointUrl);
    }
}

}  // namespace lambdadesk::core
