// SPDX-License-Identifier: MIT
#include "sqs/sqs_memory.h"

#include <algorithm>

namespace lambdadesk::bridge {
namespace {

/// ListMessageMoveTasks shows at most 10 tasks per queue; keep a few more than that overall.
constexpr std::size_t kMaxMoveTasks = 100;

} // namespace

std::map<std::string, std::string> SqsMemory::tags(const std::string& queueArn) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_tags.find(queueArn);
    return found == m_tags.end() ? std::map<std::string, std::string>() : found->second;
}

void SqsMemory::tag(const std::string& queueArn, const std::map<std::string, std::string>& tags)
{
    std::lock_guard lock(m_mutex);
    auto& stored = m_tags[queueArn];
    for (const auto& [key, value] : tags)
        stored[key] = value;
}

void SqsMemory::untag(const std::string& queueArn, const std::vector<std::string>& keys)
{
    std::lock_guard lock(m_mutex);
    const auto found = m_tags.find(queueArn);
    if (found == m_tags.end())
        return;
    for (const auto& key : keys)
        found->second.erase(key);
    if (found->second.empty())
        m_tags.erase(found);
}

void SqsMemory::forgetQueue(const std::string& queueArn)
{
    std::lock_guard lock(m_mutex);
    m_tags.erase(queueArn);
    std::erase_if(m_moveTasks, [&](const MessageMoveTask& task) { return task.sourceArn == queueArn; });
}

void SqsMemory::recordMoveTask(MessageMoveTask task)
{
    std::lock_guard lock(m_mutex);
    m_moveTasks.push_back(std::move(task));
    if (m_moveTasks.size() > kMaxMoveTasks)
        m_moveTasks.erase(m_moveTasks.begin());
}

std::vector<MessageMoveTask> SqsMemory::moveTasks(const std::string& sourceArn) const
{
    std::lock_guard lock(m_mutex);
    std::vector<MessageMoveTask> tasks;
    for (auto it = m_moveTasks.rbegin(); it != m_moveTasks.rend(); ++it) {
        if (it->sourceArn == sourceArn)
            tasks.push_back(*it);
    }
    return tasks;
}

std::optional<MessageMoveTask> SqsMemory::moveTask(const std::string& taskHandle) const
{
    std::lock_guard lock(m_mutex);
    const auto found = std::find_if(m_moveTasks.begin(), m_moveTasks.end(),
                                    [&](const MessageMoveTask& task) { return task.taskHandle == taskHandle; });
    return found == m_moveTasks.end() ? std::nullopt : std::optional<MessageMoveTask>(*found);
}

} // namespace lambdadesk::bridge
