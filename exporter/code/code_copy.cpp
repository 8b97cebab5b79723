// SPDX-License-Identifier: MIT
#include "code/code_copy.h"

#include <array>

namespace lambdadesk::exporter {

namespace fs = std::filesystem;

namespace {

bool isLocalOnly(const std::string& name)
{
    static const std::array<std::string_view, 6> kNames = {".lambdadesk", ".aws-sam",  ".git",
                                                           "__pycache__", "node_modules", "build"};
    for (const auto local : kNames) {
        if (name == local)
            return true;
    }
    return name.starts_with("build-") || name.starts_with("cmake-build-");
}

}  // namespace

core::Expected<void> copyCodeFolder(const fs::path& from, const fs::path& to, const std::set<std::string>& skip,
                                    const fs::path& never)
{
    std::error_code error;
    if (!fs::is_directory(from, error))
        return core::Error{"CodeNotFound", "the code folder " + from.string() + " does not exist"};
    fs::create_directories(to, error);
    if (error)
        return core::Error{"WriteFailed", "cannot create " + to.string() + ": " + error.message()};
    for (const auto& entry : fs::directory_iterator(from, error)) {
        const std::string name = entry.path().filename().string();
        if (isLocalOnly(name) || skip.contains(name))
            continue;
        if (!never.empty() && fs::equivalent(entry.path(), never, error))
            continue;
        if (entry.is_directory(error)) {
            if (auto copied = copyCodeFolder(entry.path(), to / name, {}, never); !copied)
                return copied;
        } else if (entry.is_regular_file(error)) {
            fs::copy_file(entry.path(), to / name, fs::copy_options::overwrite_existing, error);
            if (error)
                return core::Error{"WriteFailed", "cannot copy " + entry.path().string() + ": " + error.message()};
        }
    }
    if (error)
        return core::Error{"ReadFailed", "cannot read " + from.string() + ": " + error.message()};
    return {};
}

bool hasNativeSources(const fs::path& folder)
{
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        const auto extension = entry.path().extension().string();
        if (extension == ".cpp" || extension == ".cc" || extension == ".cxx" || extension == ".c")
            return true;
    }
    return false;
}

}  // namespace lambdadesk::exporter
