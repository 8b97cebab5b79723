// SPDX-License-Identifier: MIT
#include "template_banner.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>

namespace lambdadesk::gui {

std::optional<TemplateProblem> firstTemplateProblem(const QString& diagnostics)
{
    static const QRegularExpression located(QStringLiteral(R"(^(.+?):(\d+)(?::(\d+))?: (?:error: )?(.*)$)"));
    const QStringList lines = diagnostics.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& line : lines) {
        const auto match = located.match(line.trimmed());
        if (match.hasMatch() && !line.contains(QLatin1String(": warning: ")))
            return TemplateProblem{match.captured(1), match.captured(2).toInt(), match.captured(3).toInt(),
                                   match.captured(4)};
    }
    if (lines.isEmpty())
        return std::nullopt;
    return TemplateProblem{{}, 0, 0, lines.first().trimmed()};
}

TemplateBanner::TemplateBanner(QWidget* parent)
    : QWidget(parent), m_text(new QLabel(this)), m_open(new QPushButton(tr("Open at Line"), this))
{
    setObjectName(QStringLiteral("templateBanner"));
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xc8));
    colours.setColor(QPalette::WindowText, QColor(0x5a, 0x3a, 0x00));
    setPalette(colours);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Hide until the template changes again"));
    close->setAutoRaise(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_open);
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (m_problem)
            Q_EMIT openRequested(m_problem->file, m_problem->line, m_problem->column);
    });
    hide();
}

void TemplateBanner::showProblem(const QString& diagnostics, const QString& templatePath)
{
    m_problem = firstTemplateProblem(diagnostics);
    if (!m_problem) {
        hide();
        return;
    }
    const QFileInfo templateFile(templatePath);
    if (m_problem->file.isEmpty())
        m_problem->file = templateFile.absoluteFilePath();
    else if (QFileInfo(m_problem->file).isRelative())
        m_problem->file = templateFile.dir().filePath(m_problem->file);
    const QString name = QFileInfo(m_problem->file).fileName();
    const QString where = m_problem->line > 0 ? QStringLiteral("%1:%2").arg(name).arg(m_problem->line) : name;
    const int more = static_cast<int>(diagnostics.count(QLatin1Char('\n')));
    m_text->setText(tr("<b>%1 has an error; the previous version keeps running.</b> %2%3")
                        .arg(where.toHtmlEscaped(), m_problem->text.toHtmlEscaped(),
                             more > 0 ? tr(" (and %n more line(s) in Logs)", nullptr, more) : QString()));
    m_open->setText(m_problem->line > 0 ? tr("Open at Line %1").arg(m_problem->line) : tr("Open Template"));
    show();
}

}  // namespace lambdadesk::gui
