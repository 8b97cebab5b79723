// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace lambdadesk::bridge {

/// What the Lambda API reports about a function beyond what the engine runs: the deployment's metadata.
struct FunctionRecord {
    std::string role;
    std::string codeSha256;
    std::int64_t codeSize = 0;
    std::string lastModified;  ///< 2020-04-10T19:06:32.563+0000, as FunctionConfiguration spells it
    std::string revisionId;
    std::string tracingMode = "PassThrough";
    int ephemeralStorageMb = 512;
    bool fromApi = false;      ///< created through CreateFunction (its code and configuration live in the workspace)
    std::string state = "Active";             ///< Pending in CreateFunction's own answer
    std::string lastUpdateStatus = "Successful";  ///< InProgress in the update calls' own answers
};

/// Now, in FunctionConfiguration.LastModified's format.
std::string lambdaTimestamp();

}  // namespace lambdadesk::bridge
