// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;

namespace lambdadesk::gui {

/// The first problem in a template's diagnostics ("template.yaml:12:5: error: …"), located.
struct TemplateProblem {
    QString file;
    int line = 0;    ///< 1-based; 0 when the diagnostics name no line
    int column = 0;
    QString text;    ///< what is wrong and what would be accepted
};

/// Finds the first located error in diagnostics text (one diagnostic per line), else the first line.
std::optional<TemplateProblem> firstTemplateProblem(const QString& diagnostics);

/// A banner over the timeline that stays while the template on disk is broken: the engine keeps
/// running the previous version, and the button opens the template at the line at fault.
class TemplateBanner : public QWidget {
    Q_OBJECT

public:
    explicit TemplateBanner(QWidget* parent = nullptr);

    /// Shows the diagnostics of a failed reload of `templatePath` (which also resolves relative file names).
    void showProblem(const QString& diagnostics, const QString& templatePath);
    [[nodiscard]] const std::optional<TemplateProblem>& problem() const { return m_problem; }

Q_SIGNALS:
    /// The user wants to see the problem: open `file` at `line`.
    void openRequested(const QString& file, int line, int column);

private:
    QLabel* m_text;
    QPushButton* m_open;
    std::optional<TemplateProblem> m_problem;
};

}  // namespace lambdadesk::gui
