// SPDX-License-Identifier: MIT
// FunctionConfiguration and the CreateFunction / UpdateFunctionConfiguration inputs, to and from JSON.
#pragma once

#include "lambda/function_record.h"

#include <model/expected.h>
#include <model/function_config.h>

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge {

/// FunctionConfiguration as GetFunctionConfiguration returns it.
nlohmann::json functionConfigurationJson(const core::FunctionConfig& function, const FunctionRecord& record);

/// Applies the configuration members of a CreateFunction or UpdateFunctionConfiguration body (Runtime,
/// Handler, Role, Description, Timeout, MemorySize, Environment, DeadLetterConfig, TracingConfig,
/// EphemeralStorage, Architectures) with Lambda's validation. Members absent from `input` keep their
/// values. Errors are ValidationException / InvalidParameterValueException / InvalidRequestContentException
/// (a member of the wrong type) with AWS's wording.
core::Expected<void> applyConfigurationInput(const nlohmann::json& input, core::FunctionConfig& function,
                                             FunctionRecord& record);

/// Reads an optional member of a given JSON type; a member of another type is InvalidRequestContentException.
/// Returns nullptr when absent (or null).
core::Expected<const nlohmann::json*> member(const nlohmann::json& object, const char* name,
                                             nlohmann::json::value_t type);

/// Like member(), for a member that must be there: absent or null is the ValidationException Lambda gives,
/// naming `field` (the member in camelCase). Never returns nullptr.
core::Expected<const nlohmann::json*> requiredMember(const nlohmann::json& object, const char* name, const char* field,
                                                     nlohmann::json::value_t type);

/// The EventInvokeConfig JSON (FunctionArn, MaximumRetryAttempts, MaximumEventAgeInSeconds,
/// DestinationConfig, LastModified).
nlohmann::json eventInvokeConfigJson(const core::EventInvokeConfig& config, const std::string& functionArn,
                                     double lastModified);

}  // namespace lambdadesk::bridge
