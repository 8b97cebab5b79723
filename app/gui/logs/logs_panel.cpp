// SPDX-License-Identifier: MIT
#include "logs/logs_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "logs/log_cell_delegate.h"
#include "logs/log_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace lambdadesk::gui {

LogsPanel::LogsPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_filter(new LogFilterModel(this)), m_function(new QComboBox(this)),
      m_stream(new QComboBox(this)), m_request(new QLineEdit(this)), m_text(new QLineEdit(this)),
      m_follow(new QCheckBox(tr("Follow"), this)), m_table(new QTableView(this))
{
    m_filter->setSourceModel(controller->logs());
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_function);
    m_stream->addItem(tr("All streams"), QString());
    m_stream->addItem(QStringLiteral("stdout"), QStringLiteral("stdout"));
    m_stream->addItem(QStringLiteral("stderr"), QStringLiteral("stderr"));
    m_stream->addItem(tr("platform (START/END/REPORT)"), QStringLiteral("platform"));
    filters->addWidget(m_stream);
    m_request->setPlaceholderText(tr("Request id"));
    m_text->setPlaceholderText(tr("Text"));
    m_request->setClearButtonEnabled(true);
    m_text->setClearButtonEnabled(true);
    filters->addWidget(m_request, 1);
    filters->addWidget(m_text, 2);
    m_follow->setChecked(true);
    filters->addWidget(m_follow);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(filters);
    layout->addWidget(m_table);
    m_table->setModel(m_filter);
    // Each cell's text laid out once, not on every repaint: the table repaints with nearly every batch.
    m_table->setItemDelegate(new LogCellDelegate(m_table));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 2);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(LogModel::TimeColumn, 80);
    m_table->setColumnWidth(LogModel::FunctionColumn, 130);
    m_table->setColumnWidth(LogModel::RequestColumn, 110);
    m_table->setColumnWidth(LogModel::StreamColumn, 70);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);

    connect(m_function, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setFunction(m_function->currentData().toString()); });
    connect(m_stream, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStream(m_stream->currentData().toString()); });
    connect(m_request, &QLineEdit::textChanged, m_filter, &LogFilterModel::setRequestId);
    connect(m_text, &QLineEdit::textChanged, m_filter, &LogFilterModel::setText);
    // Following scrolls when lines come, in the same repaint as their rows: the controller's log makes lines
    // rows at most 10 times a second (LogModel::setPublishInterval), and scrolling repaints the whole table.
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_table->scrollToBottom();
    });
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString requestId = index.data(LogModel::RequestIdRole).toString();
        if (!requestId.isEmpty())
            Q_EMIT requestActivated(requestId);
    });
    connect(controller, &CoreController::projectOpened, this, &LogsPanel::refreshFunctions);
    refreshFunctions();
}

void LogsPanel::refreshFunctions()
{
    m_function->clear();
    m_function->addItem(tr("All functions"), QString());
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row) {
        const QString name = QString::fromStdString(functions->row(row).config.name);
        m_function->addItem(name, name);
    }
}

void LogsPanel::showRequest(const QString& requestId)
{
    m_follow->setChecked(false);
    m_request->setText(requestId);
}

}  // namespace lambdadesk::gui
