// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the stream suites: a StreamService on a manual clock, in memory unless given a file, and shortcuts
// for the calls most tests make.

#include "streams/stream_service.h"

#include <QtGlobal>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::tests {

using core::Expected;
using core::PutRecordResult;
using core::StreamService;
using core::StreamServiceOptions;

template <typename T>
inline std::string codeOf(const Expected<T>& result)
{
    return result.ok() ? std::string("<ok>") : result.error().code;
}

/// A service on a manual clock, in memory unless given a file.
struct Harness {
    explicit Harness(std::string path = ":memory:", bool writeLimits = false, int shardLimit = 500)
    {
        StreamServiceOptions options;
        options.databasePath = std::move(path);
        options.clock = [this] { return now.load(); };
        options.enforceShardWriteLimits = writeLimits;
        options.shardLimit = shardLimit;
        auto opened = StreamService::open(options);
        if (!opened)
            qFatal("cannot open the stream service: %s", opened.error().message.c_str());
        service = *opened;
    }
    void advance(double seconds) { now += static_cast<std::int64_t>(seconds * 1e6); }
    void create(const std::string& name, int shards)
    {
        auto created = service->createStream(name, shards);
        if (!created)
            qFatal("createStream %s: %s", name.c_str(), created.error().message.c_str());
    }
    PutRecordResult put(const std::string& stream, const std::string& key, const std::string& data,
                        const std::string& hashKey = {})
    {
        auto put = service->putRecord({stream, key, data, hashKey, {}});
        if (!put)
            qFatal("putRecord: %s", put.error().message.c_str());
        return *put;
    }
    std::string iterator(const std::string& stream, const std::string& shard, const std::string& type,
                         const std::string& sequence = {}, std::optional<double> timestamp = {})
    {
        auto it = service->getShardIterator({stream, shard, type, sequence, timestamp});
        if (!it)
            qFatal("getShardIterator %s: %s", type.c_str(), it.error().message.c_str());
        return *it;
    }
    std::vector<std::string> dataFrom(const std::string& iterator, int limit = 10000)
    {
        auto got = service->getRecords({iterator, limit});
        if (!got)
            qFatal("getRecords: %s", got.error().message.c_str());
        std::vector<std::string> data;
        for (const auto& record : got->records)
            data.push_back(record.data);
        return data;
    }

    std::atomic<std::int64_t> now{1'700'000'000'000'000};
    std::shared_ptr<StreamService> service;
};

using Strings = std::vector<std::string>;

}  // namespace lambdadesk::tests
