// SPDX-License-Identifier: MIT
// The controller's side of queues and streams: the live lists refreshed off the GUI thread, and the queue
// operations the Queues panel offers (send, purge, redrive, peek), each run on a pool thread and answered on
// the GUI thread.
#include "core_controller.h"

#include "functions/function_list_model.h"
#include "mappings/event_sources.h"
#include "queues/queue_service.h"
#include "queues/source_models.h"
#include "model/arn.h"
#include "regions/region_names.h"
#include "streams/stream_service.h"
#include "theory/queue_theory_model.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

#include <iterator>

namespace lambdadesk::gui {
namespace {

/// The queue service of the region a queue address names: an ARN's region, else the default region's.
core::Expected<std::shared_ptr<core::QueueService>> queuesOf(core::EventSources& sources, const std::string& queue)
{
    auto* regions = sources.regions();
    const auto region = core::regionOfQueueArgument(queue, std::string());
    if (!regions || region.empty())
        return sources.queues();
    auto services = regions->services(region);
    if (!services)
        return services.error();
    return services->queues;
}

}  // namespace

void CoreController::refreshSources()
{
    if (!m_engine || !m_engine->sources() || m_refreshing)
        return;
    m_refreshing = true;
    QPointer<CoreController> self(this);
    QThreadPool::globalInstance()->start([self, engine = m_engine] {
        // Every region's queues and streams; rows outside the default region are addressed by ARN.
        std::vector<QueueListModel::Row> queues;
        std::vector<StreamListModel::Row> streams;
        auto mappings = engine->sources()->mappings();
        auto* regions = engine->sources()->regions();
        const std::string defaultRegion = regions ? regions->defaultRegion() : std::string();
        for (const auto& region : regions ? regions->all() : std::vector<core::RegionServices>{}) {
            const QString regionName = QString::fromStdString(region.region);
            const bool isDefault = region.region == defaultRegion;
            for (const auto& name : region.queues->queueNames()) {
                if (const auto stats = region.queues->stats(name)) {
                    queues.push_back({QString::fromStdString(name), *stats, regionName,
                                      isDefault ? QString() : QString::fromStdString(region.queues->queueArn(name))});
                }
            }
            std::vector<std::pair<std::string, core::StreamStats>> streamStats;
            for (const auto& name : region.streams->streamNames()) {
                if (auto stats = region.streams->stats(name))
                    streamStats.emplace_back(name, std::move(*stats));
            }
            auto rows = StreamListModel::rowsFor(std::move(streamStats), mappings, regionName, defaultRegion);
            std::move(rows.begin(), rows.end(), std::back_inserter(streams));
        }
        // Functions created or deleted through the AWS endpoint appear here too.
        auto functions = engine->functions();
        QMetaObject::invokeMethod(
            self.data(),
            [self, queues = std::move(queues), mappings = std::move(mappings), streams = std::move(streams),
             functions = std::move(functions)]() mutable {
                if (!self)
                    return;
                self->m_refreshing = false;
                if (!self->m_engine)
                    return;
                self->m_theory->updateSources(mappings, queues, functions, self->nowNs());
                self->m_queues->update(std::move(queues));
                self->m_mappings->update(std::move(mappings));
                self->m_streams->update(std::move(streams));
                bool changed = static_cast<int>(functions.size()) != self->m_functions->rowCount();
                for (const auto& function : functions)
                    changed = changed || self->m_functions->findRow(QString::fromStdString(function.name)) < 0;
                if (changed)
                    self->m_functions->setFunctions(functions);
            },
            Qt::QueuedConnection);
    });
}

void CoreController::runOnSources(std::function<std::pair<bool, QString>(core::EventSources&)> work, DoneHandler done)
{
    if (!m_engine || !m_engine->sources()) {
        done(false, tr("the project is stopped, or its state database could not be opened"));
        return;
    }
    QPointer<CoreController> self(this);
    QThreadPool::globalInstance()->start([self, engine = m_engine, work = std::move(work), done = std::move(done)] {
        const auto [ok, message] = work(*engine->sources());
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, ok, message] {
                if (self)
                    done(ok, message);
            },
            Qt::QueuedConnection);
    });
}

void CoreController::sendMessage(const QString& queue, const QString& body, DoneHandler done)
{
    core::SendMessageRequest request;
    request.queueUrl = queue.toStdString();
    request.messageBody = body.toStdString();
    sendMessage(std::move(request), std::move(done));
}

void CoreController::sendMessage(core::SendMessageRequest request, DoneHandler done)
{
    runOnSources(
        [request = std::move(request)](core::EventSources& sources) {
            auto queues = queuesOf(sources, request.queueUrl);
            if (!queues)
                return std::make_pair(false, QString::fromStdString(queues.error().message));
            auto sent = (*queues)->sendMessage(request);
            return std::make_pair(sent.ok(), sent ? QString::fromStdString(sent->messageId)
                                                  : QString::fromStdString(sent.error().message));
        },
        std::move(done));
}

void CoreController::purgeQueue(const QString& queue, DoneHandler done)
{
    runOnSources(
        [queue = queue.toStdString()](core::EventSources& sources) {
            auto queues = queuesOf(sources, queue);
            if (!queues)
                return std::make_pair(false, QString::fromStdString(queues.error().message));
            auto purged = (*queues)->purgeQueue(queue);
            return std::make_pair(purged.ok(), purged ? QString() : QString::fromStdString(purged.error().message));
        },
        std::move(done));
}

void CoreController::redriveDeadLetterQueue(const QString& queue, DoneHandler done)
{
    runOnSources(
        [queue = queue.toStdString()](core::EventSources& sources) {
            auto queues = queuesOf(sources, queue);
            if (!queues)
                return std::make_pair(false, QString::fromStdString(queues.error().message));
            auto moved = (*queues)->redriveDeadLetterQueue(queue);
            return std::make_pair(moved.ok(), moved ? tr("%1 message(s) moved back").arg(moved->approximateNumberOfMessagesMoved)
                                                    : QString::fromStdString(moved.error().message));
        },
        std::move(done));
}

void CoreController::peekQueue(const QString& queue, int maxMessages, PeekHandler done)
{
    // Filled on the pool thread, read on the GUI thread after the queued call that follows it.
    auto peek = std::make_shared<QueuePeek>();
    runOnSources(
        [peek, queue = queue.toStdString(), maxMessages](core::EventSources& sources) {
            const auto queues = queuesOf(sources, queue);
            if (!queues)
                return std::make_pair(false, QString::fromStdString(queues.error().message));
            const auto& service = *queues;
            auto messages = service->peekMessages(queue, maxMessages);
            if (!messages)
                return std::make_pair(false, QString::fromStdString(messages.error().message));
            peek->messages = std::move(*messages);
            peek->nowMs = service->clock().nowUs() / 1000;
            const auto attributes = service->getQueueAttributes(queue, {"RedrivePolicy"});
            if (attributes && attributes->count("RedrivePolicy") > 0) {
                const QByteArray json = QByteArray::fromStdString(attributes->at("RedrivePolicy"));
                const QString arn =
                    QJsonDocument::fromJson(json).object().value(QStringLiteral("deadLetterTargetArn")).toString();
                // Addressed as the rows are: by name in the default region, by ARN in another.
                const auto dlqRegion = core::regionOfArn(arn.toStdString());
                const bool elsewhere = sources.regions() && !dlqRegion.empty() &&
                                       dlqRegion != sources.regions()->defaultRegion();
                peek->deadLetterQueue = elsewhere ? arn : arn.section(QLatin1Char(':'), -1);
            }
            return std::make_pair(true, QString());
        },
        [peek, done = std::move(done)](bool ok, const QString& message) { done(ok, message, *peek); });
}

}  // namespace lambdadesk::gui
