// SPDX-License-Identifier: MIT
// Price calculator: a native Lambda function on provided.al2023, built by the project's CMake
// against LambdaDesk's C++ runtime client. Input: {"items":[{"sku","qty","unitPrice"}],"coupon":"SAVE10"}.
#include <lambdadesk/runtime_client.h>

#include <nlohmann/json.hpp>

#include <cmath>

namespace {

using lambdadesk::runtime::InvocationRequest;
using lambdadesk::runtime::InvocationResponse;

constexpr double kTaxRate = 0.08;

double roundCents(double value)
{
    return std::round(value * 100.0) / 100.0;
}

InvocationResponse price(const InvocationRequest& request)
{
    const auto basket = nlohmann::json::parse(request.payload, nullptr, false);
    if (!basket.is_object() || !basket.contains("items") || !basket["items"].is_array())
        return InvocationResponse::failure("expected {\"items\": [{\"sku\", \"qty\", \"unitPrice\"}]}",
                                           "InvalidBasket");
    double subtotal = 0;
    for (const auto& item : basket["items"])
        subtotal += item.value("qty", 1) * item.value("unitPrice", 0.0);
    const double discount = basket.value("coupon", "") == "SAVE10" ? subtotal * 0.10 : 0.0;
    const double tax = (subtotal - discount) * kTaxRate;
    const nlohmann::json result = {{"subtotal", roundCents(subtotal)},
                                   {"discount", roundCents(discount)},
                                   {"tax", roundCents(tax)},
                                   {"total", roundCents(subtotal - discount + tax)},
                                   {"lines", basket["items"].size()}};
    return InvocationResponse::success(result.dump());
}

}  // namespace

int main()
{
    return lambdadesk::runtime::runHandler(price);
}
