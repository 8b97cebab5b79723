// SPDX-License-Identifier: MIT
#include "project/local_folder.h"
#include "project/diagnostic_collector.h"
#include "project/template_node.h"

#include <system_error>

namespace lambdadesk::core {

std::optional<std::filesystem::path> localFolder(ReaderContext& context, const TemplateNode& value,
                                                 const std::string& owner, const std::string& property)
{
    if (value.isInvalid())
        return std::nullopt;
    const std::string onlyLocal = "only local folders are supported (a path relative to the template)";
    if (value.isMapping()) {
        context.diagnostics.error(value, owner + ": " + property + " is an S3 location ({Bucket, Key}); " + onlyLocal);
        return std::nullopt;
    }
    if (!value.isScalar() || value.scalar.empty()) {
        context.diagnostics.error(value, owner + ": " + property + " must be a folder path, got " + value.describe());
        return std::nullopt;
    }
    if (value.scalar.rfind("s3://", 0) == 0 || value.scalar.rfind("https://", 0) == 0) {
        context.diagnostics.error(value, owner + ": " + property + " '" + value.scalar + "' is a remote location; " +
                                             onlyLocal);
        return std::nullopt;
    }
    auto folder = (context.rootDir / value.scalar).lexically_normal();
    // "src/" and "src" name the same folder; drop the trailing separator so paths compare equal.
    if (!folder.has_filename())
        folder = folder.parent_path();
    std::error_code error;
    const auto status = std::filesystem::status(folder, error);
    if (error || !std::filesystem::exists(status)) {
        context.diagnostics.error(value, owner + ": " + property + " folder " + folder.string() + " does not exist (" +
                                             property + " '" + value.scalar +
                                             "' is relative to the template's folder)");
        return std::nullopt;
    }
    if (!std::filesystem::is_directory(status)) {
        context.diagnostics.error(value, owner + ": " + property + ' ' + folder.string() +
                                             " is a file, not a folder; " + onlyLocal +
                                             " (unpack a .zip into a folder)");
        return std::nullopt;
    }
    return folder;
}

} // namespace lambdadesk::core
