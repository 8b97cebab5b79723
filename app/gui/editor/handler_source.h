// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"

#include <QString>

namespace lambdadesk::gui {

/// The source file of a function's handler: the module of `module.function` (Python, Node: .py, .js, .mjs,
/// .cjs, .ts) in its code folder, or `main.cpp` / `bootstrap` for native code. Empty when none exists.
[[nodiscard]] QString handlerSourceFile(const core::FunctionConfig& function);

}  // namespace lambdadesk::gui
