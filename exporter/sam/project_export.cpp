// SPDX-License-Identifier: MIT
// One export: gather the functions, check what a deploy would refuse, make sure the target is ours, write
// the files, commit them.
#include "sam/project_export.h"

#include "code/code_copy.h"
#include "events/sample_events.h"
#include "files/project_files.h"
#include "git/git_repository.h"

#include <lambda/function_catalog.h>
#include <model/arn.h>
#include <model/function_name.h>
#include <project/template_loader.h>
#include <project/template_writer.h>
#include <runtime/runtime_catalog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace lambdadesk::exporter {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

// The first line of every exported template: how a later export recognises a folder it may update.
constexpr std::string_view kMarker = "# Exported by LambdaDesk.";

core::Expected<void> writeFile(const fs::path& path, const std::string& text)
{
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return core::Error{"WriteFailed", "cannot write " + path.string()};
    return {};
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string joined(const std::vector<std::string>& items, const std::string& separator = ", ")
{
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : separator) + item;
    return text;
}

/// Every string inside a JSON value (event properties name their queues and streams anywhere).
void collectStrings(const Json& value, std::set<std::string>& strings)
{
    if (value.is_string())
        strings.insert(value.get<std::string>());
    else if (value.is_structured())
        for (const auto& item : value)
            collectStrings(item, strings);
}

/// The queues and streams the chosen functions use, with the dead-letter queues those queues redrive to.
void keepReferencedResources(core::Project& project, const std::vector<core::FunctionConfig>& chosen)
{
    std::set<std::string> arns;
    for (const auto& function : chosen) {
        for (const auto& event : function.events)
            collectStrings(event.properties, arns);
        if (function.eventInvokeConfig) {
            arns.insert(function.eventInvokeConfig->onSuccessArn);
            arns.insert(function.eventInvokeConfig->onFailureArn);
        }
        if (function.deadLetter)
            arns.insert(function.deadLetter->targetArn);
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& queue : project.queues) {
            if (!arns.contains(queue.arn))
                continue;
            for (const auto& [name, value] : queue.attributes) {
                const auto policy = Json::parse(value, nullptr, false);
                if (policy.is_object() && policy.contains("deadLetterTargetArn") &&
                    arns.insert(policy.value("deadLetterTargetArn", std::string())).second)
                    grew = true;
            }
        }
    }
    std::erase_if(project.queues, [&](const core::QueueConfig& queue) { return !arns.contains(queue.arn); });
    std::erase_if(project.streams, [&](const core::StreamConfig& stream) { return !arns.contains(stream.arn); });
}

/// The target must be empty, new, or an earlier export; and not inside another repository.
core::Expected<void> checkTarget(const fs::path& outDir, const fs::path& projectRoot)
{
    std::error_code error;
    if (const auto enclosing = GitRepository::enclosingWorkTree(outDir)) {
        if (!fs::exists(outDir, error) || !fs::equivalent(*enclosing, outDir, error))
            return core::Error{"TargetInsideRepository",
                               outDir.string() + " is inside the git repository at " + enclosing->string() +
                                   "; export into a folder outside any repository (a repository inside another "
                                   "is tracked by neither)"};
    }
    if (fs::exists(outDir, error) && fs::equivalent(outDir, projectRoot, error))
        return core::Error{"TargetIsProject", "the export would overwrite the project itself; choose another folder"};
    if (!fs::exists(outDir, error))
        return {};
    if (!fs::is_directory(outDir, error))
        return core::Error{"TargetNotFolder", outDir.string() + " exists and is not a folder"};
    std::vector<std::string> entries;
    for (const auto& entry : fs::directory_iterator(outDir, error))
        entries.push_back(entry.path().filename().string());
    if (entries.empty())
        return {};
    std::sort(entries.begin(), entries.end());
    const bool earlierExport =
        fs::is_directory(outDir / ".git", error) && readFile(outDir / "template.yaml").starts_with(kMarker);
    if (earlierExport)
        return {};
    if (entries.size() > 5) {
        entries.resize(5);
        entries.push_back("…");
    }
    return core::Error{"TargetNotEmpty", outDir.string() + " already holds " + joined(entries) +
                                             " and is not a LambdaDesk export; export into a new or empty folder, "
                                             "or into a folder an earlier export made"};
}

std::string stackNameFor(const core::Project& project)
{
    // CloudFormation stack names: a letter, then letters, digits and hyphens.
    std::string name;
    for (const char c : project.rootDir.filename().string())
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    while (!name.empty() && !std::isalpha(static_cast<unsigned char>(name.front())))
        name.erase(0, 1);
    return name.empty() ? std::string("lambdadesk-app") : name;
}

std::vector<fs::path> jsonFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_regular_file(error) && entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

class Writer {
public:
    Writer(const core::Project& project, fs::path outDir) : m_project(project), m_out(std::move(outDir)) {}

    /// Copies a function's code to src/<LogicalId>/ and says whether `sam build` needs a Makefile for it.
    core::Expected<bool> code(core::FunctionConfig& function)
    {
        const fs::path target = m_out / "src" / function.logicalId;
        const bool provided = function.runtime.starts_with("provided");
        const bool fromSource = provided && hasNativeSources(function.codeDir);
        // A native function built from source ships its sources, not this machine's binary.
        const std::set<std::string> skip = fromSource ? std::set<std::string>{"bootstrap"} : std::set<std::string>{};
        if (auto copied = copyCodeFolder(function.codeDir, target, skip, m_out); !copied)
            return copied.error();
        function.codeDir = target;
        if (!provided)
            return false;
        std::error_code error;
        if (fromSource) {
            if (!fs::exists(target / "lambdadesk-runtime", error)) {
                if (auto vendored = copyCodeFolder(core::resourcesDir() / "runtimes" / "cpp",
                                                   target / "lambdadesk-runtime", {}, {});
                    !vendored)
                    return vendored.error();
            }
            if (!fs::exists(target / "CMakeLists.txt", error)) {
                if (auto written = writeFile(target / "CMakeLists.txt", functionCMakeLists(function.logicalId));
                    !written)
                    return written.error();
            }
            if (auto written = writeFile(target / ".gitignore", "/bootstrap\n/build/\n"); !written)
                return written.error();
        }
        if (auto written = writeFile(target / "Makefile", makefileText(function.logicalId, !fromSource)); !written)
            return written.error();
        return true;
    }

    /// events/<LogicalId>/: one per trigger, then the saved test events of the function.
    core::Expected<std::vector<std::string>> events(const core::FunctionConfig& function)
    {
        const fs::path folder = m_out / "events" / function.logicalId;
        std::map<std::string, std::string> files;  // name → text; sorted, a saved event replaces a sample
        for (const auto& sample : sampleEvents(function, m_project))
            files[sample.name] = sample.event.dump(2) + "\n";
        for (const auto& source : {m_project.rootDir / ".lambdadesk" / "events" / function.name,
                                   m_project.rootDir / "events" / function.logicalId})
            for (const auto& file : jsonFiles(source))
                files[file.stem().string()] = readFile(file);
        std::vector<std::string> written;
        for (const auto& [name, text] : files) {
            if (auto done = writeFile(folder / (name + ".json"), text); !done)
                return done.error();
            written.push_back("events/" + function.logicalId + "/" + name + ".json");
        }
        return written;
    }

    /// The project's own events/*.json, as they are.
    core::Expected<void> projectEvents()
    {
        for (const auto& file : jsonFiles(m_project.rootDir / "events")) {
            if (auto done = writeFile(m_out / "events" / file.filename(), readFile(file)); !done)
                return done;
        }
        return {};
    }

    core::Expected<std::map<fs::path, std::string>> layers(const std::vector<core::FunctionConfig>& functions)
    {
        std::map<fs::path, std::string> uris;
        for (const auto& function : functions) {
            for (const auto& layer : function.layers) {
                if (uris.contains(layer))
                    continue;
                const std::string uri = "layers/" + layer.filename().string();
                if (auto copied = copyCodeFolder(layer, m_out / uri, {}, m_out); !copied)
                    return copied.error();
                uris[layer] = uri;
            }
        }
        return uris;
    }

private:
    const core::Project& m_project;
    fs::path m_out;
};

}  // namespace

core::Expected<core::Project> loadExportableProject(const fs::path& path)
{
    auto loaded = core::loadProject(path);
    if (!loaded.ok())
        return core::Error{"InvalidTemplate", "the project does not load:\n" + loaded.errorText()};
    core::Project project = std::move(*loaded.project);
    std::vector<std::string> problems;
    std::set<std::string> logicalIds;
    for (const auto& function : project.functions)
        logicalIds.insert(function.logicalId);
    for (auto& saved : bridge::readSavedFunctions(project.rootDir / ".lambdadesk" / "functions", problems)) {
        core::FunctionConfig function = std::move(saved.function);
        // A SAM template deploys to one region: a function made through the endpoint in another region
        // belongs to that region's stack (export from a project opened with that --region).
        if (const auto region = core::regionOfArn(function.arn); !region.empty() && region != project.region)
            continue;
        if (project.findFunction(function.name))
            continue;  // the template defines it; the template wins, as when the endpoint restores
        function.arn = core::functionArn(project.region, project.accountId, function.name);
        std::string id = core::logicalIdForName(function.name);
        for (int n = 2; logicalIds.contains(id); ++n)
            id = core::logicalIdForName(function.name) + std::to_string(n);
        logicalIds.insert(id);
        function.logicalId = id;
        project.functions.push_back(std::move(function));
    }
    if (!problems.empty())
        return core::Error{"InvalidSavedFunction", joined(problems, "\n")};
    return project;
}

core::Expected<ExportReport> exportProject(const ExportOptions& options)
{
    auto loaded = loadExportableProject(options.project);
    if (!loaded)
        return loaded.error();
    core::Project project = std::move(*loaded);

    std::vector<core::FunctionConfig> chosen;
    if (options.functions.empty()) {
        chosen = project.functions;
    } else {
        for (const auto& name : options.functions) {
            const core::FunctionConfig* function = project.findFunction(name);
            if (!function) {
                std::vector<std::string> known;
                for (const auto& each : project.functions)
                    known.push_back(each.name);
                return core::Error{"FunctionNotFound", "no function '" + name + "' in " +
                                                           project.templatePath.string() + "; it has: " +
                                                           (known.empty() ? std::string("none") : joined(known))};
            }
            if (std::none_of(chosen.begin(), chosen.end(),
                             [&](const auto& each) { return each.logicalId == function->logicalId; }))
                chosen.push_back(*function);
        }
        keepReferencedResources(project, chosen);
    }
    if (chosen.empty())
        return core::Error{"NothingToExport", project.templatePath.string() + " defines no function"};

    ExportReport report;
    std::vector<std::string> errors;
    for (const auto& function : chosen) {
        for (const auto& check : checkFunction(function, project)) {
            auto& into = check.severity == DeployCheck::Severity::Error ? errors : report.warnings;
            into.push_back(check.toString(function.logicalId));
        }
    }
    if (!errors.empty())
        return core::Error{"DeployCheckFailed", "a deploy would fail:\n" + joined(errors, "\n")};

    const fs::path outDir = fs::absolute(options.outDir).lexically_normal();
    if (auto target = checkTarget(outDir, project.rootDir); !target)
        return target.error();
    std::error_code error;
    report.createdRepository = !fs::exists(outDir / ".git", error);
    report.outDir = outDir;

    // .gitignore first, so nothing it ignores is ever staged; then the folders the export owns, anew.
    if (auto written = writeFile(outDir / ".gitignore", gitignoreText()); !written)
        return written.error();
    for (const char* owned : {"src", "events", "layers"})
        fs::remove_all(outDir / owned, error);

    Writer writer(project, outDir);
    core::TemplateWriteOptions templateOptions;
    templateOptions.description = "Exported by LambdaDesk from " + project.rootDir.filename().string();
    std::vector<std::vector<std::string>> eventFiles;
    for (auto& function : chosen) {
        auto events = writer.events(function);  // before code(): it reads the project's own folders
        if (!events)
            return events.error();
        eventFiles.push_back(std::move(*events));
        auto makefile = writer.code(function);
        if (!makefile)
            return makefile.error();
        if (*makefile)
            templateOptions.makefileFunctions.push_back(function.logicalId);
        templateOptions.codeUris[function.logicalId] = "src/" + function.logicalId;
        report.functions.push_back(function.logicalId);
    }
    if (auto events = writer.projectEvents(); !events)
        return events.error();
    auto layers = writer.layers(chosen);
    if (!layers)
        return layers.error();
    templateOptions.layerUris = std::move(*layers);

    const std::string stackName = stackNameFor(project);
    const std::string templateText = std::string(kMarker) + " Edit freely; `lambdadesk-cli export` again updates it.\n" +
                                     core::writeTemplate(chosen, project.queues, project.streams, templateOptions);
    for (const auto& [name, text] : {std::pair<const char*, std::string>{"template.yaml", templateText},
                                     {"samconfig.toml", samconfigToml(stackName, project.region)},
                                     {"README.md", readmeText(stackName, chosen, eventFiles)}}) {
        if (auto written = writeFile(outDir / name, text); !written)
            return written.error();
    }

    auto repository = GitRepository::openOrCreate(outDir);
    if (!repository)
        return repository.error();
    const std::string message = (report.createdRepository ? "Export from LambdaDesk: " : "Update from LambdaDesk: ") +
                                joined(report.functions);
    auto commit = repository->commitAll(message);
    if (!commit)
        return commit.error();
    report.commit = commit->id;
    report.changed = commit->changed;
    auto files = repository->trackedFiles();
    if (!files)
        return files.error();
    report.files = std::move(*files);
    return report;
}

}  // namespace lambdadesk::exporter
