// SPDX-License-Identifier: MIT
#include "lambda/lambda_operations.h"

namespace lambdadesk::bridge {

std::optional<LambdaOperation> lambdaOperationOf(std::string_view method, const std::vector<std::string>& segments)
{
    const auto& s = segments;
    const auto size = s.size();
    if (size < 2)
        return std::nullopt;
    const std::string& version = s[0];
    const std::string& kind = s[1];
    const std::string resource = size > 2 ? s[2] : std::string();
    const auto is = [&](std::string_view m) { return method == m; };
    const auto named = [&](const char* name) { return LambdaOperation{name, resource}; };

    if (version == "2015-03-31" && kind == "functions") {
        if (size == 2)
            return is("POST") ? named("CreateFunction") : is("GET") ? named("ListFunctions") : std::optional<LambdaOperation>{};
        if (size == 3)
            return is("GET") ? named("GetFunction") : is("DELETE") ? named("DeleteFunction") : std::optional<LambdaOperation>{};
        if (size == 4 && s[3] == "invocations" && is("POST"))
            return named("Invoke");
        if (size == 4 && s[3] == "configuration")
            return is("GET")   ? named("GetFunctionConfiguration")
                   : is("PUT") ? named("UpdateFunctionConfiguration")
                               : std::optional<LambdaOperation>{};
        if (size == 4 && s[3] == "code" && is("PUT"))
            return named("UpdateFunctionCode");
        if (size == 4 && s[3] == "versions")
            return is("POST") ? named("PublishVersion") : is("GET") ? named("ListVersionsByFunction") : std::optional<LambdaOperation>{};
        if (size == 4 && s[3] == "aliases")
            return is("POST") ? named("CreateAlias") : is("GET") ? named("ListAliases") : std::optional<LambdaOperation>{};
        if (size == 5 && s[3] == "aliases") {
            if (is("GET"))
                return named("GetAlias");
            if (is("PUT"))
                return named("UpdateAlias");
            if (is("DELETE"))
                return named("DeleteAlias");
        }
        return std::nullopt;
    }
    if (version == "2014-11-13" && kind == "functions" && size == 4 && s[3] == "invoke-async" && is("POST"))
        return named("InvokeAsync");
    if ((version == "2017-10-31" || version == "2019-09-30") && kind == "functions" && size == 4 &&
        s[3] == "concurrency") {
        if (is("PUT"))
            return named("PutFunctionConcurrency");
        if (is("GET"))
            return named("GetFunctionConcurrency");
        if (is("DELETE"))
            return named("DeleteFunctionConcurrency");
        return std::nullopt;
    }
    if (version == "2019-09-25" && kind == "functions" && size >= 4 && s[3] == "event-invoke-config") {
        if (size == 5 && s[4] == "list" && is("GET"))
            return named("ListFunctionEventInvokeConfigs");
        if (size != 4)
            return std::nullopt;
        if (is("PUT"))
            return named("PutFunctionEventInvokeConfig");
        if (is("POST"))
            return named("UpdateFunctionEventInvokeConfig");
        if (is("GET"))
            return named("GetFunctionEventInvokeConfig");
        if (is("DELETE"))
            return named("DeleteFunctionEventInvokeConfig");
        return std::nullopt;
    }
    if (version == "2015-03-31" && kind == "event-source-mappings") {
        if (size == 2)
            return is("POST")  ? named("CreateEventSourceMapping")
                   : is("GET") ? named("ListEventSourceMappings")
                               : std::optional<LambdaOperation>{};
        if (size == 3) {
            if (is("GET"))
                return named("GetEventSourceMapping");
            if (is("PUT"))
                return named("UpdateEventSourceMapping");
            if (is("DELETE"))
                return named("DeleteEventSourceMapping");
        }
        return std::nullopt;
    }
    if (version == "2016-08-19" && kind == "account-settings" && size == 2 && is("GET"))
        return named("GetAccountSettings");
    if (version == "2017-03-31" && kind == "tags" && size == 3) {
        if (is("POST"))
            return named("TagResource");
        if (is("DELETE"))
            return named("UntagResource");
        if (is("GET"))
            return named("ListTags");
    }
    return std::nullopt;
}

}  // namespace lambdadesk::bridge
