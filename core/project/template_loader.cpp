// SPDX-License-Identifier: MIT
#include "project/template_loader.h"

#include "project/diagnostic_collector.h"
#include "project/project_builder.h"
#include "project/template_parser.h"

#include <array>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iterator>
#include <system_error>

namespace lambdadesk::core {
namespace {

constexpr std::array<const char*, 3> kTemplateNames = {"template.yaml", "template.yml", "template.json"};
// Far beyond any real template; keeps a mistaken path to a huge file from exhausting memory.
constexpr std::uintmax_t kMaxTemplateBytes = std::uintmax_t{16} * 1024 * 1024;

ProjectLoadResult failure(const std::string& file, const std::string& message)
{
    ProjectLoadResult result;
    result.diagnostics.push_back({Diagnostic::Severity::Error, SourceLocation{file, 0, 0}, message});
    return result;
}

std::filesystem::path absolutePath(const std::filesystem::path& path)
{
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    return error ? path.lexically_normal() : absolute.lexically_normal();
}

} // namespace

std::string ProjectLoadResult::errorText() const
{
    std::string text;
    for (const auto& diagnostic : diagnostics) {
        if (diagnostic.severity != Diagnostic::Severity::Error)
            continue;
        if (!text.empty())
            text += '\n';
        text += diagnostic.toString();
    }
    return text;
}

ProjectLoadResult loadProject(const std::filesystem::path& path, const LoadOptions& options)
{
    std::error_code error;
    std::filesystem::path templatePath = path;
    if (std::filesystem::is_directory(path, error)) {
        templatePath.clear();
        for (const char* name : kTemplateNames) {
            if (std::filesystem::is_regular_file(path / name, error)) {
                templatePath = path / name;
                break;
            }
        }
        if (templatePath.empty()) {
            return failure(path.string(), "no template.yaml, template.yml or template.json in the folder " +
                                              absolutePath(path).string());
        }
    }
    if (!std::filesystem::is_regular_file(templatePath, error))
        return failure(templatePath.string(), "no such template file: " + absolutePath(templatePath).string());
    const auto size = std::filesystem::file_size(templatePath, error);
    if (!error && size > kMaxTemplateBytes) {
        return failure(templatePath.string(),
                       "the template is " + std::to_string(size) + " bytes; templates larger than 16 MB are not read");
    }
    std::ifstream in(templatePath, std::ios::binary);
    if (!in)
        return failure(templatePath.string(), "cannot read the template file " + absolutePath(templatePath).string());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return failure(templatePath.string(), "cannot read the template file " + absolutePath(templatePath).string());

    const auto absoluteTemplate = absolutePath(templatePath);
    auto result = loadProjectFromString(text, templatePath.string(), absoluteTemplate.parent_path(), options);
    if (result.project)
        result.project->templatePath = absoluteTemplate;
    return result;
}

ProjectLoadResult loadProjectFromString(const std::string& text, const std::string& fileName,
                                        const std::filesystem::path& rootDir, const LoadOptions& options)
{
    DiagnosticCollector diagnostics(fileName);
    ProjectLoadResult result;
    const auto root = absolutePath(rootDir);
    try {
        if (auto parsed = parseTemplate(text, fileName, diagnostics)) {
            ProjectBuilder builder(options, diagnostics, root);
            result.project = builder.build(*parsed);
        }
    } catch (const std::exception& exception) {
        // Nothing below is meant to throw; if something does (memory, a library), it is a load error, not a crash.
        diagnostics.error(0, 0, std::string("internal error while reading the template: ") + exception.what());
        result.project.reset();
    }
    result.diagnostics = diagnostics.sorted();
    if (diagnostics.hasErrors()) {
        result.project.reset();
    } else if (result.project) {
        result.project->rootDir = root;
        result.project->templatePath = root / std::filesystem::path(fileName).filename();
        for (const auto& diagnostic : result.diagnostics) {
            if (diagnostic.severity == Diagnostic::Severity::Warning)
                result.project->warnings.push_back(diagnostic);
        }
    }
    return result;
}

} // namespace lambdadesk::core
