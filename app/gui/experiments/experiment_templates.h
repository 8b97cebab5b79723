// SPDX-License-Identifier: MIT
#pragma once

#include "model/project.h"

#include <template/experiment_template.h>

#include <QString>

#include <vector>

namespace lambdadesk::gui {

/// A ready experiment for the dock's Templates list: a title naming what it breaks, and its template as FIS JSON.
struct ReadyExperiment {
    QString title;
    QString json;  ///< CreateExperimentTemplate's request body, indented, in the order people write it
};

/// Three common experiments on the project's own functions, by ARN in the project's region and account:
/// "30 % of <first function> calls 500 ms slower" (invocation-add-delay for 2 minutes), "<function> down for
/// 20 s" (invocation-error with preventExecution: the second function when there are several, else the first)
/// and "cold-start storm" (lambdadesk:cold-start on every function for a minute; FIS's 5 ARNs a target are
/// respected by as many targets as needed). Empty when the project has no functions. Pure.
std::vector<ReadyExperiment> readyExperiments(const core::Project& project);

/// What the editor says under a template that validates: "valid: 2 actions on 1 target, runs 0:23".
QString templateSummary(const faults::ExperimentTemplate& spec);

}  // namespace lambdadesk::gui
