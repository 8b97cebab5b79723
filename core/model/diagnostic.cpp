// SPDX-License-Identifier: MIT
#include "model/diagnostic.h"

namespace lambdadesk::core {

std::string SourceLocation::toString() const
{
    if (line <= 0)
        return file;
    return file + ':' + std::to_string(line) + ':' + std::to_string(column);
}

std::string Diagnostic::toString() const
{
    const char* kind = severity == Severity::Error ? "error" : "warning";
    return location.toString() + ": " + kind + ": " + message;
}

}  // namespace lambdadesk::core
