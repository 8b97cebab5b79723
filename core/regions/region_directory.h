// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <boost/asio/any_io_executor.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lambdadesk::core {

class QueueService;
class StreamService;

/// The queues and streams of one region.
struct RegionServices {
    std::string region;
    std::shared_ptr<QueueService> queues;
    std::shared_ptr<StreamService> streams;
};

struct RegionDirectoryOptions {
    /// The home region (below) keeps its queues and streams in <stateDir>/state.db, every other region in
    /// <stateDir>/regions/<region>.db; empty = in memory.
    std::filesystem::path stateDir;
    /// The region state.db records as its own (store/home_region.h); empty = the default region.
    std::string homeRegion;
    std::string accountId = "123456789012";
    double timeScale = 1.0;
};

/// The file that holds a region's queues and streams under these options (":memory:" when nothing is kept).
[[nodiscard]] std::string regionDatabasePath(const RegionDirectoryOptions& options, const std::string& region);

/// Each region's own queues and streams, as AWS keeps them apart: the same queue name may exist in two regions, and
/// ARNs and listings are per region. The default region's services are given (EventSources opens them, in state.db
/// when it is state.db's home region); any other region opens on first use and is reopened by openKept() at the next
/// start, if it holds a queue or a stream: a region a request merely named (a ListQueues signed for it) is not
/// kept, so it is not listed at every start. Thread-safe.
class RegionDirectory {
public:
    /// Runs once for each region opened after construction, before its services are handed out: the owner
    /// attaches change listeners there. Called with the directory's lock held: it must not call back into it.
    using OpenedHook = std::function<void(const RegionServices&)>;

    RegionDirectory(boost::asio::any_io_executor executor, RegionDirectoryOptions options, RegionServices defaultRegion,
                    OpenedHook opened);
    /// Deletes the database of every region other than the default that holds no queue and no stream, when no one
    /// else still holds its services (openKept() deletes what is left over at the next start).
    ~RegionDirectory();
    RegionDirectory(const RegionDirectory&) = delete;
    RegionDirectory& operator=(const RegionDirectory&) = delete;

    /// Opens every region kept under <stateDir>/regions, and the home region when it is not the default, that holds
    /// a queue or a stream, and deletes the regions/ databases of those that hold neither (state.db stays); returns
    /// one message per region that could not open.
    std::vector<std::string> openKept();

    [[nodiscard]] const std::string& defaultRegion() const { return m_defaultRegion; }
    /// The region's services, opening them when this is the region's first use; empty `region` = the default.
    /// InvalidParameterValue for a name checkRegionName refuses; the store's error when the database cannot open.
    Expected<RegionServices> services(const std::string& region);
    /// Every open region, the default first, then by name.
    [[nodiscard]] std::vector<RegionServices> all() const;
    /// Queue URLs of every region, now and later, point at the endpoint.
    void setEndpointUrl(const std::string& endpointUrl);

private:
    /// Opens the region's services and keeps them (the opened hook runs first).
    Expected<RegionServices> openLocked(const std::string& region);
    /// Opens the region's services without keeping them.
    Expected<RegionServices> openServicesLocked(const std::string& region);
    void keepLocked(const RegionServices& services);
    [[nodiscard]] std::string databasePath(const std::string& region) const
    {
        return regionDatabasePath(m_options, region);
    }
    /// Opens the region if it holds something, else deletes its regions/ database (never state.db).
    void openKeptLocked(const std::string& region, std::vector<std::string>& problems);
    /// Removes <stateDir>/regions/<region>.db and its SQLite side files.
    void removeDatabase(const std::string& region) const;

    boost::asio::any_io_executor m_executor;
    RegionDirectoryOptions m_options;
    std::string m_defaultRegion;
    OpenedHook m_opened;
    mutable std::mutex m_mutex;
    std::map<std::string, RegionServices> m_regions;
    std::string m_endpointUrl;
};

}  // namespace lambdadesk::core
