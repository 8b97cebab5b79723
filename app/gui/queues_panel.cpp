// SPDX-License-Identifier: MIT
#include "queues_panel.h"

#include "core_controller.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

namespace lambdadesk::gui {
namespace {

QString attribute(const core::QueueConfig& queue, const char* name, const char* fallback)
{
    const auto found = queue.attributes.find(name);
    return QString::fromStdString(found == queue.attributes.end() ? fallback : found->second);
}

}  // namespace

QueuesPanel::QueuesPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_tree(new QTreeWidget(this))
{
    m_tree->setHeaderLabels({tr("Name"), tr("Kind"), tr("Settings"), tr("Read by")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* note = new QLabel(tr("Live depths, in-flight counts and mapping figures appear here once the engine "
                               "runs queues and streams (event sources)."),
                            this);
    note->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_tree, 1);
    layout->addWidget(note);
    connect(controller, &CoreController::projectOpened, this, &QueuesPanel::refresh);
    refresh();
}

void QueuesPanel::refresh()
{
    m_tree->clear();
    const auto* project = m_controller->project();
    if (!project)
        return;
    // Which functions read which resource, from their Events.
    const auto readers = [&](const std::string& arn) {
        QStringList names;
        for (const auto& function : project->functions) {
            for (const auto& event : function.events) {
                for (const char* key : {"Queue", "Stream"}) {
                    if (event.properties.is_object() && event.properties.contains(key) &&
                        event.properties[key].is_string() && event.properties[key].get<std::string>() == arn)
                        names << QString::fromStdString(function.name + " (" + event.type + ")");
                }
            }
        }
        return names.join(QStringLiteral(", "));
    };
    for (const auto& queue : project->queues) {
        QString settings = tr("visibility %1 s").arg(attribute(queue, "VisibilityTimeout", "30"));
        if (const auto redrive = queue.attributes.find("RedrivePolicy"); redrive != queue.attributes.end()) {
            const auto policy = nlohmann::json::parse(redrive->second, nullptr, false);
            if (policy.is_object())
                settings += tr(", DLQ after %1 receives").arg(QString::fromStdString(policy.value("maxReceiveCount", nlohmann::json(0)).dump()));
        }
        auto* item = new QTreeWidgetItem(m_tree, {QString::fromStdString(queue.name),
                                                  queue.fifo ? tr("SQS FIFO queue") : tr("SQS queue"), settings,
                                                  readers(queue.arn)});
        item->setToolTip(0, QString::fromStdString(queue.arn));
    }
    for (const auto& stream : project->streams) {
        auto* item = new QTreeWidgetItem(m_tree, {QString::fromStdString(stream.name), tr("Kinesis stream"),
                                                  tr("%1 shard(s), %2 h retention").arg(stream.shardCount).arg(stream.retentionHours),
                                                  readers(stream.arn)});
        item->setToolTip(0, QString::fromStdString(stream.arn));
    }
}

}  // namespace lambdadesk::gui
