// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <string>

namespace lambdadesk::core {

/// The AWS endpoint the functions' SDKs should call (AWS_ENDPOINT_URL). It is known only once the
/// bridge listens, after the engine exists, so environments read it when they start.
class ServiceEndpoint {
public:
    void set(std::string url)
    {
        std::lock_guard lock(m_mutex);
        m_url = std::move(url);
    }
    [[nodiscard]] std::string get() const
    {
        std::lock_guard lock(m_mutex);
        return m_url;
    }

private:
    mutable std::mutex m_mutex;
    std::string m_url;
};

}  // namespace lambdadesk::core
