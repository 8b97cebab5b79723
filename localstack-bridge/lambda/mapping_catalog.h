// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>
#include <model/mapping_config.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

/// Event source mappings created through the API, kept in <workspace>/mappings.json so they come back
/// after a restart (the template's own mappings come from the template), and every mapping's
/// LastModified time. Thread-safe.
class MappingCatalog {
public:
    explicit MappingCatalog(std::filesystem::path file);

    /// The saved mappings, to create again at start. Unreadable files are reported in `problems`.
    std::vector<core::EventSourceMappingConfig> load(std::vector<std::string>& problems);
    core::Expected<void> save(const core::EventSourceMappingConfig& config);
    void forget(const std::string& uuid);
    /// Epoch seconds of the mapping's last change (now, for mappings first seen).
    double lastModified(const std::string& uuid);
    void touch(const std::string& uuid);

private:
    core::Expected<void> writeLocked();

    std::filesystem::path m_file;
    std::mutex m_mutex;
    std::map<std::string, core::EventSourceMappingConfig> m_saved;
    std::map<std::string, double> m_lastModified;
};

}  // namespace lambdadesk::bridge
