// SPDX-License-Identifier: MIT
#include "payload_input.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace lambdadesk::cli {

std::optional<std::string> readPayload(const std::string& payload)
{
    if (payload.empty() || payload[0] != '@')
        return payload;
    std::ifstream file(payload.substr(1), std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "lambdadesk-cli: cannot read payload file '%s'\n", payload.substr(1).c_str());
        return std::nullopt;
    }
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace lambdadesk::cli
