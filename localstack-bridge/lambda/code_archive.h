// SPDX-License-Identifier: MIT
// Function code as zip archives: what CreateFunction/UpdateFunctionCode upload and GetFunction hands out.
#pragma once

#include <model/expected.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace lambdadesk::bridge {

/// Lambda's code size quotas.
struct ZipLimits {
    std::uint64_t maxZippedBytes = 50ull * 1024 * 1024;     ///< CodeSizeZipped (direct upload)
    std::uint64_t maxUnzippedBytes = 262144000ull;          ///< CodeSizeUnzipped, 250 MB
    std::uint64_t maxEntries = 100000;
};

/// Unpacks a zip into `target`, replacing what was there only once the whole archive extracted (it
/// extracts beside it, then swaps). Refuses, with InvalidParameterValueException-style errors naming the
/// entry: archives that are not zips, entries whose path or symlink leaves the folder (zip slip), and
/// archives that expand past the limits (checked on the bytes written, not the sizes the archive claims).
/// Unix file modes are kept, so a provided runtime's `bootstrap` stays executable.
core::Expected<void> unpackZip(std::string_view zipBytes, const std::filesystem::path& target,
                               const ZipLimits& limits = {});

/// A zip of every file under `folder` (paths relative to it, modes kept), as bytes.
core::Expected<std::string> zipFolder(const std::filesystem::path& folder);

/// Base64 of the SHA-256 of `bytes`: Lambda's CodeSha256.
std::string sha256Base64(std::string_view bytes);

/// A cheap fingerprint of a folder's files (names, sizes, modification times) and their total size, for
/// functions whose code is a folder rather than an uploaded zip.
struct FolderFingerprint {
    std::string sha256Base64;
    std::int64_t totalBytes = 0;
};
FolderFingerprint fingerprintFolder(const std::filesystem::path& folder);

}  // namespace lambdadesk::bridge
