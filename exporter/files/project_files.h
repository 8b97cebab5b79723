// SPDX-License-Identifier: MIT
#pragma once

#include <model/function_config.h>

#include <string>
#include <vector>

namespace lambdadesk::exporter {

/// samconfig.toml that `sam build && sam deploy` accepts as is: resolve_s3 (a plain deploy otherwise stops
/// with "S3 Bucket not specified"), CAPABILITY_IAM for the functions' roles, no interactive changeset
/// confirmation, lint on validate.
std::string samconfigToml(const std::string& stackName, const std::string& region);

/// .gitignore written before the first commit, so build output is never tracked: .aws-sam/, .lambdadesk/,
/// CMake build folders, Python and Node caches and dependencies, editor litter.
std::string gitignoreText();

/// README.md: what is in the project, how to run it with LambdaDesk and deploy it with SAM, the test events.
std::string readmeText(const std::string& stackName, const std::vector<core::FunctionConfig>& functions,
                       const std::vector<std::vector<std::string>>& eventFiles);

/// The Makefile `sam build` runs for a C/C++ function (Metadata: BuildMethod: makefile): target
/// build-<LogicalId> configures and builds the folder's CMake project (or, with `prebuilt`, copies the
/// folder's compiled bootstrap) into $(ARTIFACTS_DIR).
std::string makefileText(const std::string& logicalId, bool prebuilt);

/// CMakeLists.txt for a C++ function folder that has sources but no CMake project: every .cpp of the
/// folder into `bootstrap`, linked against the runtime client vendored in lambdadesk-runtime/.
std::string functionCMakeLists(const std::string& logicalId);

}  // namespace lambdadesk::exporter
