// SPDX-License-Identifier: MIT
#include "schedules/schedule_source.h"

#include "schedules/schedule_definition.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <mutex>

namespace lambdadesk::core {

namespace asio = boost::asio;
using namespace std::chrono;

struct ScheduleSource::Impl : std::enable_shared_from_this<Impl> {
    /// One readable schedule event and its timer. Timer calls happen on the strand only.
    struct Armed {
        ScheduleDefinition definition;
        asio::steady_timer timer;
        std::optional<ScheduleTime> next; // guarded by Impl::mutex
        std::uint64_t fires = 0;          // guarded by Impl::mutex
    };

    Impl(const asio::any_io_executor& executor, std::vector<FunctionConfig> functions, Deliver deliver,
         ScheduleSourceOptions options)
        : strand(asio::make_strand(executor)), functions(std::move(functions)), deliver(std::move(deliver)),
          options(std::move(options))
    {
        if (!(this->options.timeScale > 0))
            this->options.timeScale = 1.0;
    }

    [[nodiscard]] system_clock::time_point virtualNow() const
    {
        const duration<double> real = steady_clock::now() - realOrigin;
        return virtualOrigin + duration_cast<system_clock::duration>(real / options.timeScale);
    }

    [[nodiscard]] steady_clock::time_point realDeadline(ScheduleTime time) const
    {
        const duration<double> ahead = time - virtualOrigin;
        return realOrigin + duration_cast<steady_clock::duration>(ahead * options.timeScale);
    }

    /// The next fire after `after`, within StartDate and EndDate.
    static std::optional<ScheduleTime> nextAfter(const ScheduleDefinition& definition, ScheduleTime after)
    {
        if (definition.startDate && after < *definition.startDate - seconds{1})
            after = *definition.startDate - seconds{1};
        auto next = definition.expression.next(after, definition.zone);
        if (next && definition.endDate && *next > *definition.endDate)
            return std::nullopt;
        return next;
    }

    static std::optional<ScheduleTime> firstFire(const ScheduleDefinition& definition, ScheduleTime now)
    {
        if (definition.expression.kind() != ScheduleExpression::Kind::Rate)
            return nextAfter(definition, now);
        const seconds period = definition.expression.period();
        std::optional<ScheduleTime> first;
        if (definition.type != "ScheduleV2") {
            first = now + period;
        } else if (!definition.startDate || *definition.startDate >= now) {
            // EventBridge Scheduler starts a rate schedule at once, or at its StartDate.
            first = definition.startDate ? *definition.startDate : now;
        } else {
            const auto periods = (now - *definition.startDate + period - seconds{1}) / period;
            first = *definition.startDate + periods * period;
        }
        if (definition.endDate && *first > *definition.endDate)
            return std::nullopt;
        return first;
    }

    void arm(const std::shared_ptr<Armed>& armed, std::optional<ScheduleTime> next)
    {
        {
            const std::lock_guard lock(mutex);
            armed->next = next;
            if (stopped || !next)
                return;
        }
        armed->timer.expires_at(realDeadline(*next));
        armed->timer.async_wait([self = shared_from_this(), armed](const boost::system::error_code& error) {
            if (!error)
                self->fire(armed);
        });
    }

    void fire(const std::shared_ptr<Armed>& armed)
    {
        ScheduleTime fireTime;
        {
            const std::lock_guard lock(mutex);
            if (stopped || !armed->next)
                return;
            fireTime = *armed->next;
            ++armed->fires;
        }
        {
            // Held across deliver so that stop() from another thread returns only once no delivery
            // is under way; stop() from inside deliver runs on the strand and skips it.
            const std::lock_guard deliverLock(deliverMutex);
            if (!stopped)
                deliver(armed->definition.function, armed->definition.payload(fireTime));
        }
        auto next = nextAfter(armed->definition, fireTime);
        const ScheduleTime now = floor<seconds>(virtualNow());
        if (next && *next < now) {
            // Fell behind (a suspended machine, a busy executor): skip to the next fire still ahead.
            if (armed->definition.expression.kind() == ScheduleExpression::Kind::Rate) {
                const seconds period = armed->definition.expression.period();
                next = *next + ((now - *next) / period + 1) * period;
                if (armed->definition.endDate && *next > *armed->definition.endDate)
                    next.reset();
            } else {
                next = nextAfter(armed->definition, now);
            }
        }
        arm(armed, next);
    }

    void cancelAll()
    {
        for (const auto& armed : schedules)
            armed->timer.cancel();
    }

    asio::strand<asio::any_io_executor> strand;
    std::vector<FunctionConfig> functions;
    Deliver deliver;
    ScheduleSourceOptions options;
    steady_clock::time_point realOrigin = steady_clock::now();
    system_clock::time_point virtualOrigin = system_clock::now();
    std::vector<std::shared_ptr<Armed>> schedules;
    std::vector<ScheduleStatus> unreadable; // events that could not be read, reported as disabled
    mutable std::mutex mutex;
    std::mutex deliverMutex;
    bool stopped = false; // guarded by mutex (and written with deliverMutex held from outside the strand)
    bool started = false;
};

ScheduleSource::ScheduleSource(const asio::any_io_executor& executor, std::vector<FunctionConfig> functions,
                               Deliver deliver, ScheduleSourceOptions options)
    : m_impl(std::make_shared<Impl>(executor, std::move(functions), std::move(deliver), std::move(options)))
{
}

ScheduleSource::~ScheduleSource()
{
    try {
        stop();
    } catch (...) {
        // Only locking a mutex can throw here (std::system_error); the timers die with the executor anyway.
    }
}

std::vector<Error> ScheduleSource::start()
{
    std::vector<Error> errors;
    {
        const std::lock_guard lock(m_impl->mutex);
        if (m_impl->started || m_impl->stopped)
            return errors;
        m_impl->started = true;
        m_impl->realOrigin = steady_clock::now();
        m_impl->virtualOrigin = system_clock::now();
    }
    std::vector<std::pair<std::shared_ptr<Impl::Armed>, std::optional<ScheduleTime>>> toArm;
    const ScheduleTime now = floor<seconds>(m_impl->virtualOrigin);
    for (const auto& function : m_impl->functions) {
        for (const auto& event : function.events) {
            if (event.type != "Schedule" && event.type != "ScheduleV2")
                continue;
            auto definition =
                ScheduleDefinition::fromEvent(function, event, m_impl->options.region, m_impl->options.accountId);
            if (!definition) {
                errors.push_back(definition.error());
                ScheduleStatus status{function.name, event.name, event.type, {}, {}, false, std::nullopt, 0};
                const std::lock_guard lock(m_impl->mutex);
                m_impl->unreadable.push_back(std::move(status));
                continue;
            }
            const bool enabled = definition->enabled;
            auto armed = std::make_shared<Impl::Armed>(
                Impl::Armed{std::move(*definition), asio::steady_timer(m_impl->strand), std::nullopt, 0});
            toArm.emplace_back(armed, enabled ? Impl::firstFire(armed->definition, now) : std::nullopt);
            const std::lock_guard lock(m_impl->mutex);
            armed->next = toArm.back().second;
            m_impl->schedules.push_back(std::move(armed));
        }
    }
    asio::dispatch(m_impl->strand, [impl = m_impl, toArm = std::move(toArm)]() {
        for (const auto& [armed, next] : toArm)
            impl->arm(armed, next);
    });
    return errors;
}

void ScheduleSource::stop()
{
    if (m_impl->strand.running_in_this_thread()) {
        {
            const std::lock_guard lock(m_impl->mutex);
            m_impl->stopped = true;
        }
        m_impl->cancelAll();
        return;
    }
    {
        const std::lock_guard deliverLock(m_impl->deliverMutex);
        const std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopped)
            return;
        m_impl->stopped = true;
    }
    asio::post(m_impl->strand, [impl = m_impl]() { impl->cancelAll(); });
}

std::vector<ScheduleStatus> ScheduleSource::schedules() const
{
    const std::lock_guard lock(m_impl->mutex);
    std::vector<ScheduleStatus> result;
    for (const auto& armed : m_impl->schedules) {
        const auto& definition = armed->definition;
        result.push_back(ScheduleStatus{definition.function, definition.eventName, definition.type,
                                        definition.expression.text(), definition.arn, definition.enabled,
                                        m_impl->stopped ? std::nullopt : armed->next, armed->fires});
    }
    result.insert(result.end(), m_impl->unreadable.begin(), m_impl->unreadable.end());
    return result;
}

ScheduleTime ScheduleSource::now() const
{
    return floor<seconds>(m_impl->virtualNow());
}

} // namespace lambdadesk::core
