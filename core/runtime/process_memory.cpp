// SPDX-License-Identifier: MIT
#include "runtime/process_memory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace lambdadesk::core {
namespace {

long pageKb()
{
    static const long kb = ::sysconf(_SC_PAGESIZE) / 1024;
    return kb;
}

std::string statmPath(int pid)
{
    return "/proc/" + std::to_string(pid) + "/statm";
}

// statm is "size resident shared text lib data dt" in pages; the second field is the resident set.
long residentFromStatm(const char* text)
{
    char* sizeEnd = nullptr;
    const long size = std::strtol(text, &sizeEnd, 10);
    char* residentEnd = nullptr;
    const long resident = std::strtol(sizeEnd, &residentEnd, 10);
    if (sizeEnd == text || residentEnd == sizeEnd || size < 0)
        return 0;
    return resident * pageKb();
}

}  // namespace

long ResidentSetReader::kilobytes()
{
    if (m_pid <= 0)
        return 0;
    if (!m_statm.valid())
        m_statm.reset(::open(statmPath(m_pid).c_str(), O_RDONLY | O_CLOEXEC));
    if (!m_statm.valid())
        return 0;
    char text[128];
    // /proc regenerates the file for a read at offset 0, so one descriptor serves every sample.
    const ssize_t count = ::pread(m_statm.get(), text, sizeof text - 1, 0);
    if (count <= 0)
        return 0;
    text[count] = '\0';
    return residentFromStatm(text);
}

}  // namespace lambdadesk::core
