// SPDX-License-Identifier: MIT
#include "console/console_form.h"

#include "console/function_scaffold.h"

#include <model/function_name.h>
#include <project/runtimes.h>
#include <project/template_writer.h>

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lambdadesk::gui {

namespace {

enum TriggerColumn { NameColumn, TypeColumn, SourceColumn, BatchColumn };
const QStringList kTriggerTypes = {QStringLiteral("SQS"), QStringLiteral("Kinesis"), QStringLiteral("Schedule"),
                                   QStringLiteral("HttpApi")};

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

/// KEY=value lines; an Error names the line that has no '='.
core::Expected<std::map<std::string, std::string>> pairs(const QString& text, const std::string& field)
{
    std::map<std::string, std::string> values;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        const auto equals = line.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return core::Error{field, "'" + line.trimmed().toStdString() + "' is not KEY=value"};
        values[line.left(equals).trimmed().toStdString()] = line.mid(equals + 1).trimmed().toStdString();
    }
    return values;
}

QString pairsText(const std::map<std::string, std::string>& values)
{
    QStringList lines;
    for (const auto& [key, value] : values)
        lines << q(key) + QLatin1Char('=') + q(value);
    return lines.join(QLatin1Char('\n'));
}

/// A queue, function or topic named by the user: the project's ARN for a name it has, else the text when it
/// is an ARN.
core::Expected<std::string> destinationArn(const QString& text, const core::Project& project)
{
    const std::string name = text.trimmed().toStdString();
    if (name.empty() || name.starts_with("arn:"))
        return name;
    for (const auto& queue : project.queues) {
        if (queue.name == name || queue.logicalId == name)
            return queue.arn;
    }
    if (const auto* function = project.findFunction(name))
        return function->arn;
    return core::Error{"Async", "'" + name + "' is no queue or function of the project; give one of them or an ARN"};
}

QString arnLabel(const std::string& arn, const core::Project& project)
{
    for (const auto& queue : project.queues) {
        if (queue.arn == arn)
            return q(queue.name);
    }
    return q(arn);
}

/// Which line under the form a deploy check belongs on.
QString checkField(const std::string& field)
{
    if (field.starts_with("Environment"))
        return QStringLiteral("Environment");
    if (field.starts_with("Events."))
        return QStringLiteral("Triggers");
    if (field == "ProvisionedConcurrencyConfig" || field == "ReservedConcurrentExecutions")
        return QStringLiteral("Concurrency");
    if (field == "CodeUri")
        return QStringLiteral("Code");
    return q(field);
}

}  // namespace

ConsoleForm::ConsoleForm(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QFormLayout(this);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. orders-handler"));
    addField(layout, tr("Name"), m_name, QStringLiteral("Name"));
    m_runtime = new QComboBox(this);
    for (const auto& runtime : core::supportedRuntimes())
        m_runtime->addItem(q(runtime));
    addField(layout, tr("Runtime"), m_runtime, QStringLiteral("Runtime"));
    m_handler = new QLineEdit(this);
    addField(layout, tr("Handler"), m_handler, QStringLiteral("Handler"));
    m_codeUri = new QLineEdit(this);
    m_codeUri->setToolTip(tr("The code folder, relative to template.yaml; a new folder gets starting code"));
    addField(layout, tr("Code folder"), m_codeUri, QStringLiteral("Code"));

    m_memory = new QSpinBox(this);
    m_memory->setRange(64, 32768);
    m_memory->setSingleStep(64);
    m_memory->setSuffix(QStringLiteral(" MB"));
    addField(layout, tr("Memory"), m_memory, QStringLiteral("MemorySize"));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(QStringLiteral(" s"));
    addField(layout, tr("Timeout"), m_timeout, QStringLiteral("Timeout"));

    m_environment = new QPlainTextEdit(this);
    m_environment->setPlaceholderText(tr("KEY=value, one per line"));
    m_environment->setFixedHeight(64);
    addField(layout, tr("Environment"), m_environment, QStringLiteral("Environment"));

    auto* concurrency = new QWidget(this);
    auto* concurrencyRow = new QHBoxLayout(concurrency);
    concurrencyRow->setContentsMargins(0, 0, 0, 0);
    m_reserved = new QSpinBox(concurrency);
    m_reserved->setRange(-1, 1000);
    m_reserved->setSpecialValueText(tr("unreserved"));
    m_reserved->setPrefix(tr("reserved "));
    m_provisioned = new QSpinBox(concurrency);
    m_provisioned->setRange(0, 1000);
    m_provisioned->setPrefix(tr("provisioned "));
    concurrencyRow->addWidget(m_reserved);
    concurrencyRow->addWidget(m_provisioned);
    addField(layout, tr("Concurrency"), concurrency, QStringLiteral("Concurrency"));

    auto* async = new QWidget(this);
    auto* asyncLayout = new QFormLayout(async);
    asyncLayout->setContentsMargins(0, 0, 0, 0);
    m_retries = new QSpinBox(async);
    m_retries->setRange(0, 2);
    m_eventAge = new QSpinBox(async);
    m_eventAge->setRange(60, 21600);
    m_eventAge->setSuffix(QStringLiteral(" s"));
    m_onSuccess = new QLineEdit(async);
    m_onFailure = new QLineEdit(async);
    m_deadLetter = new QLineEdit(async);
    for (auto* edit : {m_onSuccess, m_onFailure, m_deadLetter})
        edit->setPlaceholderText(tr("queue or function name, or an ARN"));
    asyncLayout->addRow(tr("Retries"), m_retries);
    asyncLayout->addRow(tr("Max event age"), m_eventAge);
    asyncLayout->addRow(tr("On success"), m_onSuccess);
    asyncLayout->addRow(tr("On failure"), m_onFailure);
    asyncLayout->addRow(tr("Dead-letter queue"), m_deadLetter);
    addField(layout, tr("Async"), async, QStringLiteral("Async"));

    auto* triggers = new QWidget(this);
    auto* triggerLayout = new QVBoxLayout(triggers);
    triggerLayout->setContentsMargins(0, 0, 0, 0);
    m_triggers = new QTableWidget(0, 4, triggers);
    m_triggers->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Source"), tr("Batch")});
    m_triggers->horizontalHeaderItem(SourceColumn)
        ->setToolTip(tr("SQS: a queue name · Kinesis: a stream name · Schedule: rate(…) or cron(…) · HttpApi: 'POST /path'"));
    m_triggers->horizontalHeader()->setSectionResizeMode(SourceColumn, QHeaderView::Stretch);
    m_triggers->setColumnWidth(NameColumn, 80);
    m_triggers->setColumnWidth(TypeColumn, 90);
    m_triggers->setColumnWidth(BatchColumn, 48);
    m_triggers->verticalHeader()->hide();
    m_triggers->setFixedHeight(120);
    auto* triggerButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add Trigger"), triggers);
    auto* remove = new QPushButton(tr("Remove"), triggers);
    triggerButtons->addWidget(add);
    triggerButtons->addWidget(remove);
    triggerButtons->addStretch();
    triggerLayout->addWidget(m_triggers);
    triggerLayout->addLayout(triggerButtons);
    addField(layout, tr("Triggers"), triggers, QStringLiteral("Triggers"));
    connect(add, &QPushButton::clicked, this, [this] {
        addTrigger(TriggerRow{"Trigger" + std::to_string(m_triggers->rowCount() + 1), "SQS", "", 0, {}});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_triggers->currentRow() >= 0) {
            m_triggers->removeRow(m_triggers->currentRow());
            recheck();
        }
    });

    m_tags = new QPlainTextEdit(this);
    m_tags->setPlaceholderText(tr("key=value, one per line"));
    m_tags->setFixedHeight(48);
    addField(layout, tr("Tags"), m_tags, QStringLiteral("Tags"));

    connect(m_runtime, &QComboBox::currentTextChanged, this, &ConsoleForm::runtimeChanged);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& name) {
        if (!m_editing)
            m_codeUri->setText(QStringLiteral("src/") + name);
    });
    for (auto* edit : {m_name, m_handler, m_codeUri, m_onSuccess, m_onFailure, m_deadLetter})
        connect(edit, &QLineEdit::textChanged, this, &ConsoleForm::recheck);
    for (auto* box : {m_memory, m_timeout, m_reserved, m_provisioned, m_retries, m_eventAge})
        connect(box, &QSpinBox::valueChanged, this, &ConsoleForm::recheck);
    for (auto* edit : {m_environment, m_tags})
        connect(edit, &QPlainTextEdit::textChanged, this, &ConsoleForm::recheck);
    connect(m_triggers, &QTableWidget::itemChanged, this, &ConsoleForm::recheck);
}

QLabel* ConsoleForm::addField(QFormLayout* layout, const QString& label, QWidget* field, const QString& check)
{
    auto* column = new QWidget(this);
    auto* stack = new QVBoxLayout(column);
    stack->setContentsMargins(0, 0, 0, 0);
    stack->setSpacing(1);
    stack->addWidget(field);
    auto* note = new QLabel(column);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("check") + check);
    note->hide();
    stack->addWidget(note);
    layout->addRow(label, column);
    m_checks.insert(check, note);
    return note;
}

void ConsoleForm::addTrigger(const TriggerRow& row)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const int at = m_triggers->rowCount();
    m_triggers->insertRow(at);
    auto* name = new QTableWidgetItem(q(row.name));
    name->setData(Qt::UserRole, q(row.original.dump()));
    m_triggers->setItem(at, NameColumn, name);
    auto* type = new QComboBox(m_triggers);
    type->addItems(kTriggerTypes);
    if (!kTriggerTypes.contains(q(row.type)))
        type->addItem(q(row.type));  // kept as it was (Api, ScheduleV2…)
    type->setCurrentText(q(row.type));
    connect(type, &QComboBox::currentTextChanged, this, &ConsoleForm::recheck);
    m_triggers->setCellWidget(at, TypeColumn, type);
    m_triggers->setItem(at, SourceColumn, new QTableWidgetItem(q(row.source)));
    m_triggers->setItem(at, BatchColumn,
                        new QTableWidgetItem(row.batchSize > 0 ? QString::number(row.batchSize) : QString()));
    m_loading = wasLoading;
    recheck();
}

void ConsoleForm::load(const core::FunctionConfig* function, const core::Project& project)
{
    m_loading = true;
    m_project = project;
    m_editing = function != nullptr;
    m_base = function ? *function : core::FunctionConfig{};
    if (!function) {
        m_base.runtime = "python3.12";
        m_base.handler = defaultHandler(m_base.runtime);
    }
    m_name->setText(q(m_base.name));
    m_name->setReadOnly(m_editing);
    m_runtime->setCurrentText(q(m_base.runtime));
    m_handler->setText(q(m_base.handler));
    m_codeUri->setText(function ? q(function->codeDir.lexically_relative(project.rootDir).generic_string())
                                : QString());
    m_codeUri->setReadOnly(m_editing);
    m_memory->setValue(m_base.memoryMb);
    m_timeout->setValue(m_base.timeoutSeconds);
    m_environment->setPlainText(pairsText(m_base.environment));
    m_reserved->setValue(m_base.reservedConcurrency.value_or(-1));
    m_provisioned->setValue(m_base.provisionedConcurrency);
    const auto invoke = m_base.eventInvokeConfig.value_or(core::EventInvokeConfig{});
    m_retries->setValue(invoke.maximumRetryAttempts);
    m_eventAge->setValue(invoke.maximumEventAgeSeconds);
    m_onSuccess->setText(invoke.onSuccessArn.empty() ? QString() : arnLabel(invoke.onSuccessArn, project));
    m_onFailure->setText(invoke.onFailureArn.empty() ? QString() : arnLabel(invoke.onFailureArn, project));
    m_deadLetter->setText(m_base.deadLetter ? arnLabel(m_base.deadLetter->targetArn, project) : QString());
    m_triggers->setRowCount(0);
    for (const auto& event : m_base.events)
        addTrigger(triggerRow(event));
    m_tags->setPlainText(pairsText(m_base.tags));
    m_loading = false;
    recheck();
}

void ConsoleForm::runtimeChanged()
{
    // A handler that was the old runtime's default follows the runtime; one the user typed stays.
    if (!m_loading) {
        const QString handler = m_handler->text();
        if (handler.isEmpty() || handler == QStringLiteral("app.handler") || handler == QStringLiteral("index.handler") ||
            handler == QStringLiteral("bootstrap"))
            m_handler->setText(q(defaultHandler(m_runtime->currentText().toStdString())));
    }
    recheck();
}

core::Expected<ConsoleDraft> ConsoleForm::draft() const
{
    ConsoleDraft draft;
    core::FunctionConfig& function = draft.function;
    function = m_base;
    function.location = {};
    const std::string name = m_name->text().trimmed().toStdString();
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    if (!kName.match(q(name)).hasMatch())
        return core::Error{"Name", "a function name is 1 to 64 letters, digits, hyphens or underscores"};
    function.name = name;
    if (!m_editing) {
        function.logicalId = core::logicalIdForName(name);
        if (m_project.findFunction(name) || m_project.findFunction(function.logicalId))
            return core::Error{"Name", "the project already has a function " + name + " (" + function.logicalId + ")"};
        const QString folder = m_codeUri->text().trimmed();
        if (folder.isEmpty())
            return core::Error{"Code", "name the code folder, e.g. src/" + name};
        function.codeDir = (m_project.rootDir / folder.toStdString()).lexically_normal();
    }
    function.arn = core::functionArn(m_project.region, m_project.accountId, name);
    function.runtime = m_runtime->currentText().toStdString();
    function.handler = m_handler->text().trimmed().toStdString();
    function.memoryMb = m_memory->value();
    function.timeoutSeconds = m_timeout->value();
    auto environment = pairs(m_environment->toPlainText(), "Environment");
    if (!environment)
        return environment.error();
    function.environment = std::move(*environment);
    function.reservedConcurrency =
        m_reserved->value() < 0 ? std::nullopt : std::optional<int>(m_reserved->value());
    function.provisionedConcurrency = m_provisioned->value();

    auto onSuccess = destinationArn(m_onSuccess->text(), m_project);
    auto onFailure = destinationArn(m_onFailure->text(), m_project);
    auto deadLetter = destinationArn(m_deadLetter->text(), m_project);
    for (const auto* arn : {&onSuccess, &onFailure, &deadLetter}) {
        if (!*arn)
            return arn->error();
    }
    const core::EventInvokeConfig invoke{m_retries->value(), m_eventAge->value(), *onSuccess, *onFailure};
    function.eventInvokeConfig.reset();
    if (m_base.eventInvokeConfig || invoke != core::EventInvokeConfig{})
        function.eventInvokeConfig = invoke;
    function.deadLetter.reset();
    if (!deadLetter->empty())
        function.deadLetter = core::DeadLetterConfig{deadLetter->find(":sns:") != std::string::npos ? "SNS" : "SQS",
                                                     *deadLetter};

    function.events.clear();
    for (int row = 0; row < m_triggers->rowCount(); ++row) {
        TriggerRow trigger;
        trigger.name = m_triggers->item(row, NameColumn)->text().trimmed().toStdString();
        trigger.type = static_cast<QComboBox*>(m_triggers->cellWidget(row, TypeColumn))->currentText().toStdString();
        trigger.source = m_triggers->item(row, SourceColumn)->text().trimmed().toStdString();
        trigger.batchSize = m_triggers->item(row, BatchColumn)->text().toInt();
        const auto original =
            nlohmann::json::parse(m_triggers->item(row, NameColumn)->data(Qt::UserRole).toString().toStdString(),
                                  nullptr, false);
        // A row whose type changed starts afresh; one that kept it keeps what the console does not show.
        const bool sameType = row < static_cast<int>(m_base.events.size()) && m_base.events[row].type == trigger.type;
        trigger.original = original.is_object() && sameType ? original : nlohmann::json::object();
        auto event = triggerEvent(trigger, m_project, draft);
        if (!event)
            return core::Error{"Triggers", event.error().message};
        function.events.push_back(std::move(*event));
    }
    auto tags = pairs(m_tags->toPlainText(), "Tags");
    if (!tags)
        return tags.error();
    function.tags = std::move(*tags);
    return draft;
}

QString ConsoleForm::checkText(const QString& field) const
{
    const auto* label = m_checks.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

void ConsoleForm::setCheck(const QString& field, const QString& text, bool error)
{
    QLabel* label = m_checks.value(field);
    if (!label)
        label = m_checks.value(QStringLiteral("Name"));
    const QString existing = label->isHidden() ? QString() : label->text();
    label->setText(existing.isEmpty() ? text : existing + QLatin1Char('\n') + text);
    label->setStyleSheet(error || label->property("error").toBool() ? QStringLiteral("color: #c62828;")
                                                                    : QStringLiteral("color: #a66300;"));
    label->setProperty("error", error || label->property("error").toBool());
    label->show();
}

void ConsoleForm::recheck()
{
    if (m_loading)
        return;
    for (auto* label : std::as_const(m_checks)) {
        label->clear();
        label->setProperty("error", false);
        label->hide();
    }
    const auto current = draft();
    if (!current) {
        setCheck(q(current.error().code), q(current.error().message), true);
    } else {
        core::Project project = m_project;
        project.queues.insert(project.queues.end(), current->newQueues.begin(), current->newQueues.end());
        for (const auto& check : exporter::checkFunction(current->function, project)) {
            // A new function's folder is made when it is created.
            if (!m_editing && check.field == "CodeUri")
                continue;
            setCheck(checkField(check.field), q(check.message), check.severity == exporter::DeployCheck::Severity::Error);
        }
    }
    Q_EMIT changed();
}

}  // namespace lambdadesk::gui
