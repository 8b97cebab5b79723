// SPDX-License-Identifier: MIT
#include "project/inline_code.h"

#include "project/runtimes.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace lambdadesk::core {
namespace {

bool hasContent(const std::filesystem::path& file, const std::string& code)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return existing == code;
}

} // namespace

Expected<std::filesystem::path> writeInlineCode(const std::filesystem::path& rootDir, const std::string& logicalId,
                                                const std::string& runtime, const std::string& code)
{
    std::error_code error;
    const auto folder =
        std::filesystem::absolute(rootDir / ".lambdadesk" / "inline" / logicalId, error).lexically_normal();
    if (error)
        return Error{"InlineCode", "cannot resolve the inline code folder: " + error.message()};
    std::filesystem::create_directories(folder, error);
    if (error)
        return Error{"InlineCode", "cannot create " + folder.string() + ": " + error.message()};

    const auto file = folder / inlineCodeFileName(runtime);
    if (!hasContent(file, code)) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << code;
        out.close();
        if (!out)
            return Error{"InlineCode", "cannot write " + file.string()};
    }
    if (isProvidedRuntime(runtime)) {
        std::filesystem::permissions(file,
                                     std::filesystem::perms::owner_exec | std::filesystem::perms::group_exec |
                                         std::filesystem::perms::others_exec,
                                     std::filesystem::perm_options::add, error);
        if (error)
            return Error{"InlineCode", "cannot make " + file.string() + " executable: " + error.message()};
    }
    return folder;
}

} // namespace lambdadesk::core
