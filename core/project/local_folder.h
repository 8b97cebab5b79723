// SPDX-License-Identifier: MIT
#pragma once

#include "project/reader_context.h"
#include "project/template_node.h"

#include <filesystem>
#include <optional>
#include <string>

namespace lambdadesk::core {

/// A local folder named by CodeUri/ContentUri, made absolute against the template folder. Reports (and
/// returns nullopt) for S3 locations, {Bucket, Key} maps, files and missing folders.
std::optional<std::filesystem::path> localFolder(ReaderContext& context, const TemplateNode& value,
                                                 const std::string& owner, const std::string& property);

} // namespace lambdadesk::core
