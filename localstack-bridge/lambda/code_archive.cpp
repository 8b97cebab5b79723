// SPDX-License-Identifier: MIT
#include "lambda/code_archive.h"

#include <encoding/base64.h>

#include <openssl/sha.h>
#include <zip.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace lambdadesk::bridge {

namespace fs = std::filesystem;
using core::Error;

namespace {

constexpr const char* kInvalidParameter = "InvalidParameterValueException";

Error unzipError(const std::string& detail)
{
    return Error{kInvalidParameter, "Could not unzip uploaded file: " + detail +
                                        ". Please check your file, then try to upload again."};
}

struct ZipCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

/// `entry` joined to `root`, or nothing when it would leave root (absolute paths, "..", empty names).
std::optional<fs::path> insideFolder(const fs::path& root, const std::string& entry)
{
    if (entry.empty() || entry.front() == '/' || entry.find('\\') != std::string::npos)
        return std::nullopt;
    const fs::path relative = fs::path(entry).lexically_normal();
    if (relative.empty() || relative.is_absolute())
        return std::nullopt;
    for (const auto& part : relative) {
        if (part == "..")
            return std::nullopt;
    }
    return root / relative;
}

std::string uniqueSuffix()
{
    std::random_device random;
    return std::to_string(::getpid()) + "-" + std::to_string(random());
}

core::Expected<void> extractInto(zip_t* archive, const fs::path& root, const ZipLimits& limits)
{
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    if (count < 0 || static_cast<std::uint64_t>(count) > limits.maxEntries)
        return unzipError("the archive has more than " + std::to_string(limits.maxEntries) + " entries");
    std::uint64_t written = 0;
    std::vector<char> buffer(64 * 1024);
    for (zip_int64_t index = 0; index < count; ++index) {
        const char* rawName = zip_get_name(archive, static_cast<zip_uint64_t>(index), ZIP_FL_ENC_GUESS);
        const std::string name = rawName ? rawName : "";
        const auto path = insideFolder(root, name);
        if (!path)
            return unzipError("entry '" + name + "' points outside the function's folder");
        zip_uint8_t opsys = 0;
        zip_uint32_t attributes = 0;
        zip_file_get_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, &opsys, &attributes);
        const mode_t mode = opsys == ZIP_OPSYS_UNIX ? static_cast<mode_t>(attributes >> 16) : 0;
        std::error_code error;
        if (name.back() == '/' || S_ISDIR(mode)) {
            fs::create_directories(*path, error);
            if (error)
                return Error{"ServiceException", "Could not create " + path->string() + ": " + error.message()};
            continue;
        }
        fs::create_directories(path->parent_path(), error);
        std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
        if (!file)
            return unzipError("entry '" + name + "' cannot be read (" + zip_strerror(archive) + ")");
        std::string content;
        for (;;) {
            const zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
            if (got < 0)
                return unzipError("entry '" + name + "' is corrupt");
            if (got == 0)
                break;
            written += static_cast<std::uint64_t>(got);
            if (written > limits.maxUnzippedBytes) {
                return Error{kInvalidParameter, "Unzipped size must be smaller than " +
                                                    std::to_string(limits.maxUnzippedBytes) + " bytes"};
            }
            content.append(buffer.data(), static_cast<std::size_t>(got));
        }
        if (S_ISLNK(mode)) {
            // A link is kept only when it resolves inside the folder too.
            const auto resolved = insideFolder(root, (fs::path(name).parent_path() / content).lexically_normal().string());
            if (content.empty() || content.front() == '/' || !resolved)
                return unzipError("symbolic link '" + name + "' points outside the function's folder");
            fs::create_symlink(content, *path, error);
            if (error)
                return Error{"ServiceException", "Could not create link " + path->string() + ": " + error.message()};
            continue;
        }
        std::ofstream out(*path, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out)
            return Error{"ServiceException", "Could not write " + path->string()};
        out.close();
        // Keep the permission bits the archive recorded (a bootstrap must stay executable); files zipped
        // elsewhere without them get rw-r--r--.
        const auto permissions = (mode & 0777) != 0 ? static_cast<fs::perms>(mode & 0777)
                                                   : fs::perms::owner_read | fs::perms::owner_write |
                                                         fs::perms::group_read | fs::perms::others_read;
        fs::permissions(*path, permissions | fs::perms::owner_read | fs::perms::owner_write, error);
    }
    return {};
}

}  // namespace

core::Expected<void> unpackZip(std::string_view zipBytes, const fs::path& target, const ZipLimits& limits)
{
    if (zipBytes.size() > limits.maxZippedBytes)
        return Error{"RequestEntityTooLargeException", "Zipped code must be smaller than " +
                                                           std::to_string(limits.maxZippedBytes) + " bytes"};
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(zipBytes.data(), zipBytes.size(), 0, &error);
    if (!source)
        return unzipError("the upload cannot be read");
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!archive) {
        zip_source_free(source);
        const std::string detail = zip_error_strerror(&error);
        zip_error_fini(&error);
        return unzipError("it is not a zip archive (" + detail + ")");
    }
    zip_error_fini(&error);

    std::error_code fsError;
    fs::create_directories(target.parent_path(), fsError);
    const fs::path staging = target.parent_path() / (target.filename().string() + ".new-" + uniqueSuffix());
    fs::create_directories(staging, fsError);
    if (fsError)
        return Error{"ServiceException", "Could not create " + staging.string() + ": " + fsError.message()};
    auto extracted = extractInto(archive.get(), staging, limits);
    if (!extracted) {
        fs::remove_all(staging, fsError);
        return extracted;
    }
    // Swap: the old code stays whole until the new one is complete.
    const fs::path old = target.parent_path() / (target.filename().string() + ".old-" + uniqueSuffix());
    if (fs::exists(target))
        fs::rename(target, old, fsError);
    fs::rename(staging, target, fsError);
    if (fsError)
        return Error{"ServiceException", "Could not move the code into " + target.string() + ": " + fsError.message()};
    fs::remove_all(old, fsError);
    return {};
}

core::Expected<std::string> zipFolder(const fs::path& folder)
{
    const fs::path file = fs::temp_directory_path() / ("lambdadesk-code-" + uniqueSuffix() + ".zip");
    int errorCode = 0;
    zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &errorCode);
    if (!archive)
        return Error{"ServiceException", "Could not create " + file.string()};
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error), end;
         it != end; it.increment(error)) {
        if (error)
            break;
        if (it->is_regular_file(error))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        const std::string name = path.lexically_relative(folder).generic_string();
        zip_source_t* source = zip_source_file(archive, path.c_str(), 0, -1);
        const zip_int64_t index = source ? zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            if (source)
                zip_source_free(source);
            zip_discard(archive);
            fs::remove(file, error);
            return Error{"ServiceException", "Could not add " + path.string() + " to the code archive"};
        }
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0)
            zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                             static_cast<zip_uint32_t>(info.st_mode) << 16);
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        fs::remove(file, error);
        return Error{"ServiceException", "Could not write the code archive"};
    }
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(file, error);
    return bytes;
}

std::string sha256Base64(std::string_view bytes)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    return core::encodeBase64(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

FolderFingerprint fingerprintFolder(const fs::path& folder)
{
    FolderFingerprint result;
    std::vector<std::string> lines;
    std::error_code error;
    for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error), end;
         it != end; it.increment(error)) {
        if (error)
            break;
        if (!it->is_regular_file(error))
            continue;
        const auto size = static_cast<std::int64_t>(it->file_size(error));
        const auto modified = it->last_write_time(error).time_since_epoch().count();
        result.totalBytes += size;
        lines.push_back(it->path().lexically_relative(folder).generic_string() + '\t' + std::to_string(size) + '\t' +
                        std::to_string(modified));
    }
    std::sort(lines.begin(), lines.end());
    std::string joined;
    for (const auto& line : lines)
        joined += line + '\n';
    result.sha256Base64 = sha256Base64(joined);
    return result;
}

}  // namespace lambdadesk::bridge
