// SPDX-License-Identifier: MIT
#pragma once
// An editor's side of a DAP session for the suites (tst_dap_server, tst_editor_link): requests through the
// DAP client, events queued in arrival order and waited for by name.

#include "dap_client.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>

namespace lambdadesk::tests {

class DapTestEditor {
public:
    explicit DapTestEditor(int port)
    {
        auto client = debugger::DapClient::connect(
            port,
            [this](const std::string& event, const nlohmann::json& body) {
                std::lock_guard lock(m_mutex);
                m_events.emplace_back(event, body);
                m_arrived.notify_all();
            },
            nullptr, std::chrono::seconds(5));
        if (!client)
            throw std::runtime_error(client.error().message);
        m_client = std::move(*client);
    }
    core::Expected<nlohmann::json> call(const std::string& command, nlohmann::json arguments = nlohmann::json::object())
    {
        return m_client->call(command, std::move(arguments), std::chrono::seconds(30));
    }
    /// The next `event` (earlier events of other names stay queued), or null after `patience`.
    nlohmann::json waitFor(const std::string& event, std::chrono::milliseconds patience = std::chrono::seconds(30))
    {
        std::unique_lock lock(m_mutex);
        nlohmann::json found;
        m_arrived.wait_for(lock, patience, [&] {
            for (auto it = m_events.begin(); it != m_events.end(); ++it) {
                if (it->first == event) {
                    found = it->second;
                    m_events.erase(it);
                    return true;
                }
            }
            return false;
        });
        return found;
    }

private:
    std::unique_ptr<debugger::DapClient> m_client;
    std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::deque<std::pair<std::string, nlohmann::json>> m_events;
};

}  // namespace lambdadesk::tests
