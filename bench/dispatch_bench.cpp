// dispatch-bench: the console side of the benchmarks in bench/run.sh. Not a test: it
// measures and prints one line of key=value results per command; run.sh pairs each
// figure with its baseline (pgbench, psql, ab, pq-notify-roundtrip) and writes
// docs/benchmarks.md.
//
//   cluster       --dir D [--max-seconds S]        throwaway cluster (LocalPostgres, as tests do)
//   load          --conn C --db NAME --orders N --ready R --drivers D
//   reset         --conn C --ready R --drivers D [--keep-history 1]
//                                                  back to R ready orders, history emptied
//                                                  (or kept: bench/history.sh)
//   claims        --conn C --clients N --seconds T --ready R --drivers D [--method atomic|naive]
//   race          --conn C --racers N --orders K --method atomic|naive
//   http          --port P --token T --clients N --seconds T --ready R
//   board-latency --conn C --samples M --gap-ms G --drivers D --seed S
//   board-refresh --conn C --repeats K
//   search        --conn C --text X --field id|customer|driver --repeats K
//   pages         --conn C --order O --driver D --repeats K
//                 (the inspector's order and driver pages)
//   rss           --conn C --lanes L --seconds T --ready R --drivers D
//   consoles      --conn C --consoles N --lanes L --rate R --seconds T --ready R --drivers D
//
// Every loop is bounded in count and in time.

#include "board/driversmodel.h"
#include "board/orderchangelistener.h"
#include "board/readyordersmodel.h"
#include "board/refreshpacer.h"
#include "claims/orderrepository.h"
#include "db/connectionsettings.h"
#include "db/databaseconnection.h"
#include "db/localpostgres.h"
#include "db/migrator.h"
#include "inspector/inspectorsearchmodel.h"
#include "inspector/inspectorsession.h"
#include "naiveclaim.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop { false };

void onSignal(int)
{
    g_stop = true;
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "dispatch-bench: %s\n", qPrintable(message));
    std::exit(1);
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(p / 100.0 * double(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

class Options
{
public:
    explicit Options(const QStringList &arguments)
    {
        for (int i = 2; i + 1 < arguments.size(); i += 2) {
            if (!arguments[i].startsWith(QLatin1String("--")))
                die(QStringLiteral("unexpected argument %1").arg(arguments[i]));
            m_values.insert(arguments[i].mid(2), arguments[i + 1]);
        }
    }
    QString text(const char *name, const QString &fallback = {}) const
    {
        const QString value = m_values.value(QLatin1String(name), fallback);
        if (value.isEmpty())
            die(QStringLiteral("--%1 is required").arg(QLatin1String(name)));
        return value;
    }
    qint64 number(const char *name, qint64 low, qint64 high, qint64 fallback = -1) const
    {
        bool ok = false;
        const qint64 value = m_values.contains(QLatin1String(name))
            ? m_values.value(QLatin1String(name)).toLongLong(&ok)
            : fallback;
        if ((m_values.contains(QLatin1String(name)) && !ok) || value < low || value > high)
            die(QStringLiteral("--%1 must be %2–%3").arg(QLatin1String(name)).arg(low).arg(high));
        return value;
    }
    ConnectionSettings connection() const
    {
        QString error;
        const auto settings = ConnectionSettings::parse(text("conn"), &error);
        if (!settings)
            die(error);
        return *settings;
    }

private:
    QHash<QString, QString> m_values;
};

std::unique_ptr<DatabaseConnection> openConnection(const ConnectionSettings &settings,
                                                   const QString &purpose)
{
    auto connection = std::make_unique<DatabaseConnection>(settings, purpose);
    if (const QSqlError error = connection->open(); error.isValid())
        die(QStringLiteral("cannot connect: %1").arg(error.text()));
    return connection;
}

void exec(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db);
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql); // utility statements (SET, VACUUM, …) cannot be prepared
    } else {
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (!ok)
        die(QStringLiteral("%1: %2").arg(sql.left(60), query.lastError().text()));
}

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        die(QStringLiteral("%1: %2").arg(sql.left(60), query.lastError().text()));
    return query.value(0);
}

// --- cluster ------------------------------------------------------------------------------

int runCluster(const Options &options)
{
    const QString dir = options.text("dir");
    const qint64 maxSeconds = options.number("max-seconds", 10, 86400, 3600);
    QDir().mkpath(dir);
    // As root the server runs as postgres, which must be able to walk into the directory.
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ExeGroup | QFileDevice::ExeOther);
    LocalPostgres::Options serverOptions;
    serverOptions.baseDir = dir;
    serverOptions.database = QStringLiteral("postgres");
    serverOptions.throwaway = true; // fsync off, exactly as the test fixture
    LocalPostgres server(serverOptions);
    if (!server.start())
        die(server.errorString());
    print(QStringLiteral("ready socket=%1 port=5432 user=%2 bindir=%3")
              .arg(server.socketDir(), LocalPostgres::superuser(), server.binDir()));
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    const auto deadline = Clock::now() + std::chrono::seconds(maxSeconds);
    while (!g_stop && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
    return 0;
}

// --- load / reset -------------------------------------------------------------------------

void resetOrders(QSqlDatabase db, qint64 ready, qint64 drivers, bool keepHistory = false)
{
    // Triggers off for the reset itself: no history rows, no notifications.
    exec(db, QStringLiteral("SET session_replication_role = replica"));
    exec(db,
         QStringLiteral("UPDATE orders SET status = 'ready', driver_id = NULL, assigned_at = NULL,"
                        " reserved_by = NULL, reserved_until = NULL, is_active = true"
                        " WHERE id <= ? AND (status <> 'ready' OR driver_id IS NOT NULL"
                        "                    OR reserved_by IS NOT NULL)"),
         { ready });
    exec(db,
         QStringLiteral("UPDATE orders SET status = 'delivered', driver_id = 1 + id % ?,"
                        " assigned_at = now() WHERE id > ? AND status = 'ready'"),
         { drivers, ready });
    // Every driver on shift with no capacity limit and no load: since 015 a driver takes
    // at most 3 orders by default, and 100 drivers would refuse every claim after 300.
    exec(db,
         QStringLiteral("UPDATE drivers SET active_orders = 0, max_concurrent_orders = NULL,"
                        " on_shift = true, is_active = true"
                        " WHERE active_orders <> 0 OR max_concurrent_orders IS NOT NULL"
                        "    OR NOT on_shift OR NOT is_active"));
    if (!keepHistory)
        exec(db, QStringLiteral("TRUNCATE claim_attempts, order_history"));
    exec(db, QStringLiteral("SET session_replication_role = origin"));
    exec(db, QStringLiteral("VACUUM (ANALYZE) orders, drivers"));
    exec(db, QStringLiteral("CHECKPOINT"));
}

int runLoad(const Options &options)
{
    const ConnectionSettings admin = options.connection();
    const QString name = options.text("db");
    const qint64 orders = options.number("orders", 1, 10000000);
    const qint64 ready = options.number("ready", 0, orders);
    const qint64 drivers = options.number("drivers", 1, 100000, 100);
    if (!QRegularExpression(QStringLiteral("^[a-z][a-z0-9_]{0,40}$")).match(name).hasMatch())
        die(QStringLiteral("--db must be a plain lower-case name"));
    QElapsedTimer timer;
    timer.start();
    {
        auto connection = openConnection(admin, QStringLiteral("bench-admin"));
        exec(connection->database(), QStringLiteral("SET client_min_messages = warning"));
        exec(connection->database(),
             QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
        exec(connection->database(), QStringLiteral("CREATE DATABASE %1").arg(name));
    }
    ConnectionSettings settings = admin;
    settings.setDatabase(name);
    auto connection = openConnection(settings, QStringLiteral("bench-load"));
    QSqlDatabase db = connection->database();
    const Migrator::Result migrated = Migrator::migrate(db);
    if (!migrated.ok)
        die(migrated.error);
    exec(db, QStringLiteral("SET session_replication_role = replica"));
    exec(db,
         QStringLiteral("INSERT INTO drivers (name, phone, is_active, max_concurrent_orders)"
                        " SELECT 'Bench Driver ' || g, '+1 555 ' || lpad(g::text, 4, '0'), true,"
                        "        NULL"
                        "   FROM generate_series(1, ?) AS g"),
         { drivers });
    // Ids 1..ready are ready, the rest delivered long ago: one table, any ready share.
    exec(db,
         QStringLiteral(
             "INSERT INTO orders (status, driver_id, customer, pickup, dropoff, total,"
             "                    created_at, ready_at, assigned_at)"
             " SELECT CASE WHEN g <= ? THEN 'ready' ELSE 'delivered' END,"
             "        CASE WHEN g <= ? THEN NULL ELSE 1 + g % ? END,"
             "        (ARRAY['Amara','Ben','Chiara','Dmitri','Elif','Farid','Grace','Hiro',"
             "               'Ines','Jonas','Kemal','Lena','Mateo','Nadia','Oskar','Priya',"
             "               'Quentin','Rosa','Sven','Tariq','Uma','Viktor','Wen','Yusuf',"
             "               'Zofia'])[1 + g % 25] || ' ' ||"
             "        (ARRAY['Adeyemi','Becker','Costa','Dubois','Eriksen','Fischer','Garcia',"
             "               'Haddad','Ivanova','Jensen','Kowalski','Lopez','Muller','Nakamura',"
             "               'OBrien','Petrov','Rossi','Schmidt','Tanaka','Yilmaz'])[1 + (g / 25) "
             "% 20]"
             "        || ' ' || (g % 9973),"
             "        (ARRAY['Luigi''s Trattoria','Golden Wok','Pho Saigon','Burger Barn',"
             "               'Taqueria El Sol','Curry House','Sakura Sushi','Green Bowl'])[1 + g % "
             "8],"
             "        (1 + g % 240) || ' ' || (ARRAY['Market Street','Elm Avenue','Harbour Road',"
             "               'Mill Lane','Station Road','Oak Drive'])[1 + (g / 240) % 6],"
             "        round((8 + (g * 7919) % 7200 / 100.0)::numeric, 2),"
             "        now() - interval '2 hours',"
             "        now() - make_interval(secs => (g * 7919) % 3600),"
             "        CASE WHEN g <= ? THEN NULL ELSE now() - interval '1 hour' END"
             "   FROM generate_series(1::bigint, ?) AS g"),
         { ready, ready, drivers, ready, orders });
    exec(db, QStringLiteral("SET session_replication_role = origin"));
    exec(db, QStringLiteral("VACUUM (ANALYZE)"));
    exec(db, QStringLiteral("CHECKPOINT"));
    print(QStringLiteral("loaded db=%1 orders=%2 ready=%3 drivers=%4 seconds=%5")
              .arg(name)
              .arg(orders)
              .arg(ready)
              .arg(drivers)
              .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
    return 0;
}

int runReset(const Options &options)
{
    auto connection = openConnection(options.connection(), QStringLiteral("bench-reset"));
    resetOrders(connection->database(), options.number("ready", 0, 10000000),
                options.number("drivers", 1, 100000, 100),
                options.number("keep-history", 0, 1, 0) == 1);
    return 0;
}

// --- claims: OrderRepository::claim (or the naive bench claim) on N threads ------------

struct ClaimCounts
{
    qint64 attempts = 0;
    qint64 won = 0;
    qint64 refused = 0;
    qint64 errors = 0;
};

int runClaims(const Options &options)
{
    const ConnectionSettings settings = options.connection();
    const int clients = int(options.number("clients", 1, 128));
    const qint64 seconds = options.number("seconds", 1, 600);
    const qint64 ready = options.number("ready", 1, 10000000);
    const qint64 drivers = options.number("drivers", 1, 100000, 100);
    const bool naive = options.text("method", QStringLiteral("atomic")) == QLatin1String("naive");

    std::vector<ClaimCounts> counts(static_cast<size_t>(clients));
    std::barrier connected(clients + 1);
    std::barrier go(clients + 1);
    std::atomic<bool> failed { false };
    Clock::time_point deadline;
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            DatabaseConnection connection(settings, QStringLiteral("bench-claim-%1").arg(i));
            if (connection.open().isValid())
                failed = true;
            OrderRepository repository(connection);
            NaiveReadThenWriteClaim naiveClaim(connection);
            std::mt19937_64 random(quint64(i) * 7919 + 1);
            connected.arrive_and_wait();
            go.arrive_and_wait();
            ClaimCounts &mine = counts[size_t(i)];
            // Bounded by the deadline, and by a count no run can reach.
            for (qint64 n = 0; n < 100000000 && !failed && Clock::now() < deadline; ++n) {
                const qint64 orderId = 1 + qint64(random() % quint64(ready));
                const qint64 driverId = 1 + qint64(random() % quint64(drivers));
                ++mine.attempts;
                if (naive) {
                    const auto result = naiveClaim.claim(orderId, driverId);
                    if (result == NaiveReadThenWriteClaim::Result::Won)
                        ++mine.won;
                    else if (result == NaiveReadThenWriteClaim::Result::Refused)
                        ++mine.refused;
                    else
                        ++mine.errors;
                } else {
                    const ClaimOutcome outcome = repository.claim(
                        orderId, driverId, ClaimSource::Sql, QStringLiteral("bench"));
                    if (outcome.code == OutcomeCode::Assigned)
                        ++mine.won;
                    else if (outcome.httpStatus() == 409)
                        ++mine.refused;
                    else
                        ++mine.errors;
                }
            }
        });
    }
    connected.arrive_and_wait();
    const auto start = Clock::now();
    deadline = start + std::chrono::seconds(seconds);
    go.arrive_and_wait();
    for (std::thread &thread : threads)
        thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (failed)
        die(QStringLiteral("a client could not connect"));
    ClaimCounts total;
    for (const ClaimCounts &c : counts) {
        total.attempts += c.attempts;
        total.won += c.won;
        total.refused += c.refused;
        total.errors += c.errors;
    }
    print(QStringLiteral("rate=%1 attempts=%2 won=%3 refused=%4 errors=%5 seconds=%6")
              .arg(double(total.attempts) / elapsed, 0, 'f', 1)
              .arg(total.attempts)
              .arg(total.won)
              .arg(total.refused)
              .arg(total.errors)
              .arg(elapsed, 0, 'f', 2));
    return total.errors == 0 ? 0 : 1;
}

// --- race: N racers on the same K orders, released together per order --------------------

int runRace(const Options &options)
{
    const ConnectionSettings settings = options.connection();
    const int racers = int(options.number("racers", 2, 64));
    const qint64 orders = options.number("orders", 1, 100000);
    const bool naive = options.text("method") == QLatin1String("naive");
    std::barrier sync(racers);
    std::atomic<qint64> winsReported { 0 };
    std::atomic<qint64> errors { 0 };
    std::vector<std::thread> threads;
    for (int i = 0; i < racers; ++i) {
        threads.emplace_back([&, i] {
            DatabaseConnection connection(settings, QStringLiteral("bench-racer-%1").arg(i));
            const bool open = !connection.open().isValid();
            OrderRepository repository(connection);
            NaiveReadThenWriteClaim naiveClaim(connection);
            for (qint64 orderId = 1; orderId <= orders; ++orderId) {
                sync.arrive_and_wait(); // everyone fires at this order together
                if (!open) {
                    ++errors;
                    continue;
                }
                const qint64 driverId = 1 + i;
                if (naive) {
                    const auto result = naiveClaim.claim(orderId, driverId);
                    winsReported += result == NaiveReadThenWriteClaim::Result::Won;
                    errors += result == NaiveReadThenWriteClaim::Result::Error;
                } else {
                    const ClaimOutcome outcome = repository.claim(
                        orderId, driverId, ClaimSource::Sql, QStringLiteral("bench-race"));
                    winsReported += outcome.code == OutcomeCode::Assigned;
                    errors += outcome.httpStatus() != 409 && outcome.code != OutcomeCode::Assigned;
                }
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    auto connection = openConnection(settings, QStringLiteral("bench-race-check"));
    // A double assignment: an order that went to a driver more than once (the second
    // UPDATE overwrote the first: a lost update), counted from the trigger's history.
    const qint64 doubles
        = scalar(connection->database(),
                 QStringLiteral("SELECT count(*) FROM (SELECT order_id FROM order_history"
                                " WHERE new_status = 'driver_assigned' AND operation = 'UPDATE'"
                                " AND new_driver_id IS NOT NULL AND order_id <= %1"
                                " GROUP BY order_id HAVING count(*) > 1) AS d")
                     .arg(orders))
              .toLongLong();
    const qint64 overwrites
        = scalar(connection->database(),
                 QStringLiteral("SELECT count(*) FROM order_history"
                                " WHERE old_driver_id IS NOT NULL"
                                " AND new_driver_id IS DISTINCT FROM old_driver_id"
                                " AND order_id <= %1")
                     .arg(orders))
              .toLongLong();
    print(QStringLiteral("races=%1 lost_updates=%2 wins_reported=%3 orders=%4 racers=%5 errors=%6")
              .arg(doubles)
              .arg(overwrites)
              .arg(winsReported.load())
              .arg(orders)
              .arg(racers)
              .arg(errors.load()));
    return 0;
}

// --- http: N keep-alive connections cycling random order ids -----------------------------

int runHttp(const Options &options)
{
    const quint16 port = quint16(options.number("port", 1, 65535));
    const QByteArray token = options.text("token").toLatin1();
    const int clients = int(options.number("clients", 1, 256));
    const qint64 seconds = options.number("seconds", 1, 600);
    const qint64 ready = options.number("ready", 1, 10000000);

    struct Client
    {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        bool idle = true;
    };
    std::vector<Client> conns(static_cast<size_t>(clients));
    std::mt19937_64 random(12345);
    QHash<int, qint64> statuses;
    qint64 completed = 0;
    qint64 reconnects = 0;
    bool stopping = false;
    QEventLoop loop;
    QElapsedTimer timer;

    const auto send = [&](Client &c) {
        const qint64 orderId = 1 + qint64(random() % quint64(ready));
        c.idle = false;
        c.socket->write("POST /api/driver/orders/" + QByteArray::number(orderId)
                        + "/assign HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
                          "Authorization: Bearer "
                        + token + "\r\nContent-Length: 0\r\n\r\n");
    };
    const auto maybeFinish = [&] {
        if (stopping
            && std::all_of(conns.begin(), conns.end(), [](const Client &c) { return c.idle; }))
            loop.quit();
    };
    const double elapsedAtStop = seconds;
    for (Client &c : conns) {
        c.socket = new QTcpSocket(&loop);
        QObject::connect(c.socket, &QTcpSocket::readyRead, &loop, [&, cp = &c] {
            Client &me = *cp;
            me.buffer += me.socket->readAll();
            for (int guard = 0; guard < 1000; ++guard) {
                const qsizetype headerEnd = me.buffer.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    return;
                const QByteArray head = me.buffer.left(headerEnd).toLower();
                qsizetype length = 0;
                const qsizetype at = head.indexOf("content-length:");
                if (at >= 0)
                    length = head.mid(at + 15, head.indexOf('\r', at) - at - 15)
                                 .trimmed()
                                 .toLongLong();
                if (me.buffer.size() < headerEnd + 4 + length)
                    return;
                const int status = me.buffer.mid(9, 3).toInt();
                me.buffer.remove(0, headerEnd + 4 + length);
                if (!stopping) {
                    ++statuses[status];
                    ++completed;
                }
                const bool closing = head.contains("connection: close");
                me.idle = true;
                if (closing) {
                    ++reconnects;
                    me.socket->abort();
                    if (!stopping)
                        me.socket->connectToHost(QStringLiteral("127.0.0.1"), port);
                } else if (!stopping) {
                    send(me);
                }
                maybeFinish();
            }
        });
        QObject::connect(c.socket, &QTcpSocket::connected, &loop, [&, cp = &c] { send(*cp); });
    }
    timer.start();
    for (Client &c : conns)
        c.socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    QTimer::singleShot(int(seconds * 1000), &loop, [&] {
        stopping = true;
        maybeFinish();
    });
    QTimer::singleShot(int(seconds * 1000) + 10000, &loop, [&] { loop.quit(); }); // stragglers
    loop.exec();
    QStringList parts;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        parts << QStringLiteral("s%1=%2").arg(it.key()).arg(it.value());
    parts.sort();
    print(QStringLiteral("rate=%1 requests=%2 reconnects=%3 %4")
              .arg(double(completed) / elapsedAtStop, 0, 'f', 1)
              .arg(completed)
              .arg(reconnects)
              .arg(parts.join(QLatin1Char(' '))));
    return 0;
}

// --- board-latency: commit on another connection → row gone from ReadyOrdersModel -------

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    return done();
}

int runBoardLatency(const Options &options)
{
    const ConnectionSettings settings = options.connection();
    const int samples = int(options.number("samples", 1, 100000));
    const int gapMs = int(options.number("gap-ms", 0, 10000, 150));
    const qint64 drivers = options.number("drivers", 1, 100000, 100);
    std::mt19937_64 random(quint64(options.number("seed", 0, 1000000000, 1)));

    auto gui = openConnection(settings, QStringLiteral("bench-gui"));
    auto elsewhere = openConnection(settings, QStringLiteral("bench-elsewhere"));
    OrderRepository repository(*elsewhere);
    ReadyOrdersModel model(gui->database());
    if (!model.refresh())
        die(model.lastError().text());
    OrderChangeListener listener(settings);
    // Where the time goes: signal arrival on the GUI thread, and the refresh itself.
    const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    qint64 signalAt = -1;
    qint64 refreshNs = -1;
    QObject::connect(&listener, &OrderChangeListener::ordersChanged, &model, [&] {
        if (signalAt < 0)
            signalAt = clock.nsecsElapsed();
        const qint64 start = clock.nsecsElapsed();
        model.refresh();
        refreshNs = clock.nsecsElapsed() - start;
    });
    if (!waitFor([&] { return listener.isLive(); }, 10000))
        die(QStringLiteral("the listener did not go live"));

    std::vector<double> latencies;
    std::vector<double> toSignal;
    std::vector<double> refreshes;
    int timeouts = 0;
    for (int i = 0; i < samples; ++i) {
        // Let earlier refreshes settle, so each sample starts from a quiet board.
        waitFor([] { return false; }, gapMs);
        const int rows = model.rowCount();
        if (rows == 0)
            die(QStringLiteral("the board is empty"));
        qint64 orderId = 0;
        for (int guard = 0; guard < 100 && orderId == 0; ++guard) {
            const int row = int(random() % quint64(rows));
            if (model.data(model.index(row, 0), ReadyOrdersModel::IsReadyRole).toBool())
                orderId = model.orderIdAt(row);
        }
        signalAt = -1;
        const qint64 t0 = clock.nsecsElapsed();
        const ClaimOutcome outcome
            = repository.claim(orderId, 1 + qint64(random() % quint64(drivers)), ClaimSource::Sql,
                               QStringLiteral("bench"));
        if (outcome.code != OutcomeCode::Assigned)
            die(QStringLiteral("claim of %1 answered %2").arg(orderId).arg(outcome.codeName()));
        if (!waitFor([&] { return model.rowOfOrder(orderId) < 0; }, 2000)) {
            ++timeouts;
            continue;
        }
        latencies.push_back(double(clock.nsecsElapsed() - t0) / 1e6);
        toSignal.push_back(double(signalAt - t0) / 1e6);
        refreshes.push_back(double(refreshNs) / 1e6);
    }
    print(QStringLiteral(
              "samples=%1 timeouts=%2 p50_ms=%3 p95_ms=%4 p99_ms=%5 max_ms=%6 board_rows=%7"
              " signal_p50_ms=%8 refresh_p50_ms=%9")
              .arg(latencies.size())
              .arg(timeouts)
              .arg(percentile(latencies, 50), 0, 'f', 3)
              .arg(percentile(latencies, 95), 0, 'f', 3)
              .arg(percentile(latencies, 99), 0, 'f', 3)
              .arg(percentile(latencies, 100), 0, 'f', 3)
              .arg(model.rowCount())
              .arg(percentile(toSignal, 50), 0, 'f', 3)
              .arg(percentile(refreshes, 50), 0, 'f', 3));
    return timeouts == 0 ? 0 : 1;
}

// --- board-refresh: ReadyOrdersModel::refresh(), query to model filled -------------------

int runBoardRefresh(const Options &options)
{
    const int repeats = int(options.number("repeats", 1, 1000, 5));
    auto gui = openConnection(options.connection(), QStringLiteral("bench-gui"));
    ReadyOrdersModel model(gui->database());
    if (!model.refresh()) // warm: plan cache, relation cache, as after the first paint
        die(model.lastError().text());
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!model.refresh())
            die(model.lastError().text());
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    print(QStringLiteral("median_ms=%1 min_ms=%2 rows=%3 ready=%4")
              .arg(percentile(times, 50), 0, 'f', 3)
              .arg(percentile(times, 0), 0, 'f', 3)
              .arg(model.rowCount())
              .arg(model.readyCount()));
    return 0;
}

// --- search: InspectorSearchModel first page ---------------------------------------------

// --- pages: what support staff open, InspectorSession::loadOrder and loadDriver ----------

int runPages(const Options &options)
{
    const qint64 orderId = options.number("order", 1, std::numeric_limits<qint64>::max());
    const qint64 driverId = options.number("driver", 1, std::numeric_limits<qint64>::max());
    const int repeats = int(options.number("repeats", 1, 1000, 5));
    InspectorSession session(options.connection());
    if (const QString error = session.ensureOpen(); !error.isEmpty())
        die(error);
    std::vector<double> orderTimes;
    std::vector<double> driverTimes;
    OrderPage order;
    DriverPage driver;
    // Loads one page into *page, dies on its error, and records the time unless warming up.
    const auto timed = [](auto load, auto *page, std::vector<double> *times, bool record) {
        QElapsedTimer timer;
        timer.start();
        *page = load();
        if (!page->error.isEmpty())
            die(page->error);
        if (record)
            times->push_back(double(timer.nsecsElapsed()) / 1e6);
    };
    for (int i = 0; i <= repeats; ++i) { // the first of each warms up
        timed([&] { return session.loadOrder(orderId); }, &order, &orderTimes, i > 0);
        timed([&] { return session.loadDriver(driverId); }, &driver, &driverTimes, i > 0);
    }
    print(QStringLiteral("order_median_ms=%1 driver_median_ms=%2 order_attempts=%3"
                         " order_lifecycle=%4 driver_attempts=%5 driver_past_orders=%6")
              .arg(percentile(orderTimes, 50), 0, 'f', 3)
              .arg(percentile(driverTimes, 50), 0, 'f', 3)
              .arg(order.attempts.size())
              .arg(order.lifecycle.size())
              .arg(driver.wins + driver.conflicts + driver.otherAttempts)
              .arg(driver.pastOrders.size()));
    return 0;
}

int runSearch(const Options &options)
{
    const int repeats = int(options.number("repeats", 1, 1000, 5));
    const QString text = options.text("text");
    const QString fieldName = options.text("field", QStringLiteral("any"));
    InspectorSearchModel::Field field = InspectorSearchModel::Field::Any;
    if (fieldName == QLatin1String("id"))
        field = InspectorSearchModel::Field::OrderId;
    else if (fieldName == QLatin1String("customer"))
        field = InspectorSearchModel::Field::Customer;
    else if (fieldName == QLatin1String("driver"))
        field = InspectorSearchModel::Field::Driver;
    InspectorSession session(options.connection());
    if (const QString error = session.ensureOpen(); !error.isEmpty())
        die(error);
    InspectorSearchModel model(&session);
    if (!model.search(text, field))
        die(model.message());
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!model.search(text, field))
            die(model.message());
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    const InspectorSearchModel::Statement statement = model.statement();
    // The statement with its values spelled out, for psql and EXPLAIN (run.sh).
    QString sql = statement.sql;
    for (const QVariant &value : statement.values) {
        const qsizetype at = sql.indexOf(QLatin1Char('?'));
        if (at < 0)
            break;
        QString literal = value.toString();
        literal.replace(QLatin1Char('\''), QLatin1String("''"));
        const bool number
            = value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int;
        sql.replace(at, 1, number ? literal : QLatin1Char('\'') + literal + QLatin1Char('\''));
    }
    print(QStringLiteral("median_ms=%1 min_ms=%2 rows=%3")
              .arg(percentile(times, 50), 0, 'f', 3)
              .arg(percentile(times, 0), 0, 'f', 3)
              .arg(model.rowCount()));
    std::fprintf(stderr, "%s\n", qPrintable(sql.simplified()));
    return 0;
}

// --- rss: peak resident memory with the board, the listener and L lanes racing ----------

qint64 statusKb(const char *key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(std::strlen(key))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int runRss(const Options &options)
{
    const ConnectionSettings settings = options.connection();
    const int lanes = int(options.number("lanes", 1, 64, 64));
    const qint64 seconds = options.number("seconds", 1, 600, 5);
    const qint64 ready = options.number("ready", 1, 10000000);
    const qint64 drivers = options.number("drivers", 1, 100000, 100);
    const qint64 before = statusKb("VmRSS:");
    auto gui = openConnection(settings, QStringLiteral("bench-gui"));
    ReadyOrdersModel model(gui->database());
    if (!model.refresh())
        die(model.lastError().text());
    OrderChangeListener listener(settings);
    QObject::connect(&listener, &OrderChangeListener::ordersChanged, &model,
                     [&model] { model.refresh(); });
    std::atomic<bool> stop { false };
    std::atomic<qint64> attempts { 0 };
    std::vector<std::thread> threads;
    for (int i = 0; i < lanes; ++i) {
        threads.emplace_back([&, i] {
            DatabaseConnection connection(settings, QStringLiteral("bench-lane-%1").arg(i));
            if (connection.open().isValid())
                return;
            OrderRepository repository(connection);
            std::mt19937_64 random(quint64(i) + 99);
            for (int n = 0; n < 10000000 && !stop; ++n) {
                repository.claim(1 + qint64(random() % quint64(ready)),
                                 1 + qint64(random() % quint64(drivers)), ClaimSource::Simulation,
                                 QStringLiteral("bench-lane"));
                ++attempts;
            }
        });
    }
    waitFor([] { return false; }, int(seconds * 1000));
    stop = true;
    for (std::thread &thread : threads)
        thread.join();
    waitFor([] { return false; }, 300);
    print(QStringLiteral(
              "peak_rss_mb=%1 rss_mb=%2 start_rss_mb=%3 board_rows=%4 lanes=%5 attempts=%6")
              .arg(double(statusKb("VmHWM:")) / 1024.0, 0, 'f', 1)
              .arg(double(statusKb("VmRSS:")) / 1024.0, 0, 'f', 1)
              .arg(double(before) / 1024.0, 0, 'f', 1)
              .arg(model.rowCount())
              .arg(lanes)
              .arg(attempts.load()));
    return 0;
}

// --- consoles: N console model layers on one server while L lanes drain the board ---------
//
// Each console is what MainWindow holds, minus the widgets: one connection of its own with
// a ReadyOrdersModel and a DriversModel on it, and an OrderChangeListener (a connection and
// a thread of its own), wired as MainWindow wires them (each payload → board; the board's
// and the drivers list's re-reads paced by a RefreshPacer each). Every console runs on a thread of
// its own, as separate console processes would. Lanes claim (OrderRepository::claim) at a steady
// total rate; for every won claim and every console, commit (the claim's answer is in) → the
// order's row is gone from that console's board.

qint64 processCpuTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14,
    // stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return fields[11].toLongLong() + fields[12].toLongLong();
}

int runConsoles(const Options &options)
{
    const ConnectionSettings settings = options.connection();
    const int consoles = int(options.number("consoles", 1, 100, 50));
    const int lanes = int(options.number("lanes", 1, 64, 16));
    const qint64 rate = options.number("rate", 1, 10000, 100);
    const qint64 seconds = options.number("seconds", 1, 600, 10);
    const qint64 ready = options.number("ready", 1, 10000000);
    const qint64 drivers = options.number("drivers", 1, 100000, 100);

    struct Claim
    {
        qint64 orderId;
        Clock::time_point committed;
    };
    std::mutex claimsMutex;
    std::vector<Claim> claims; // appended by the lanes, read by the consoles
    claims.reserve(size_t(rate * seconds * 2 + 16));

    struct ConsoleResult
    {
        std::vector<double> latenciesMs;
        qint64 boardRefreshes = 0;
        qint64 driverRefreshes = 0;
        qint64 unresolved = 0;
        qint64 backendPid = 0;
        qint64 cpuTicksStart = -1;
        qint64 cpuTicksEnd = -1;
    };
    std::vector<ConsoleResult> results(static_cast<size_t>(consoles));
    std::atomic<int> live { 0 };
    std::atomic<int> failed { 0 };
    std::atomic<bool> measuring { false };
    std::atomic<bool> stop { false };
    std::atomic<bool> drained { false };

    std::vector<QThread *> threads;
    for (int c = 0; c < consoles; ++c) {
        threads.push_back(QThread::create([&, c] {
            ConsoleResult &me = results[size_t(c)];
            DatabaseConnection connection(settings, QStringLiteral("bench-console-%1").arg(c));
            if (connection.open().isValid()) {
                ++failed;
                return;
            }
            {
                QSqlQuery pid(connection.database());
                if (pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next())
                    me.backendPid = pid.value(0).toLongLong();
            }
            ReadyOrdersModel board(connection.database());
            DriversModel driverList(connection.database());
            if (!board.refresh() || !driverList.refresh()) {
                ++failed;
                return;
            }
            size_t cursor = 0; // claims[0, cursor) are resolved or in `pending`
            std::vector<Claim> pending;
            // The board as the last refresh left it, and when that refresh was done: a claim
            // recorded after the refresh that already hid its row took ~0 ms (clamped).
            Clock::time_point lastRefresh = Clock::now();
            const auto resolve = [&] {
                if (!measuring)
                    return;
                {
                    std::lock_guard lock(claimsMutex);
                    for (; cursor < claims.size(); ++cursor)
                        pending.push_back(claims[cursor]);
                }
                std::erase_if(pending, [&](const Claim &claim) {
                    if (board.rowOfOrder(claim.orderId) >= 0)
                        return false;
                    me.latenciesMs.push_back(std::max(
                        0.0,
                        std::chrono::duration<double, std::milli>(lastRefresh - claim.committed)
                            .count()));
                    return true;
                });
            };
            // Wired as the console wires it (MainWindow, BoardPanel): each notification's
            // payload hides its row at once; the full board re-read is paced (RefreshPacer,
            // about once a second, at once for what the payload cannot say); so is the drivers
            // list's.
            OrderChangeListener listener(settings);
            RefreshPacer pacer;
            QObject::connect(&pacer, &RefreshPacer::refreshDue, &board, [&] {
                board.refresh();
                pacer.markRefreshed();
                lastRefresh = Clock::now();
                if (measuring)
                    ++me.boardRefreshes;
                resolve();
            });
            QObject::connect(&listener, &OrderChangeListener::orderChanged, &board,
                             [&](const OrderChange &change) {
                                 if (board.applyChange(change) == ReadyOrdersModel::Refresh::Soon)
                                     pacer.requestSoon();
                                 else
                                     pacer.requestPaced();
                                 lastRefresh = Clock::now();
                                 resolve();
                             });
            // The drivers list (MainWindow's side pacer): paced after order changes, at once
            // after a change to the drivers themselves.
            RefreshPacer sidePacer;
            QObject::connect(&sidePacer, &RefreshPacer::refreshDue, &driverList, [&] {
                sidePacer.markRefreshed();
                driverList.refresh();
                if (measuring)
                    ++me.driverRefreshes;
            });
            QObject::connect(&listener, &OrderChangeListener::ordersChanged, &sidePacer,
                             &RefreshPacer::requestPaced);
            QObject::connect(&listener, &OrderChangeListener::driversChanged, &sidePacer,
                             &RefreshPacer::requestSoon);
            if (!waitFor([&] { return listener.isLive(); }, 30000)) {
                ++failed;
                return;
            }
            ++live;
            // Bounded: the main thread sets stop at the latest seconds + 20 s after the start.
            QEventLoop loop;
            QTimer tick;
            tick.setInterval(10);
            QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
                if (drained)
                    resolve();
                if (stop || (drained && pending.empty()))
                    loop.quit();
            });
            tick.start();
            loop.exec();
            // While the connection (and so its backend) is still there.
            me.cpuTicksEnd = processCpuTicks(me.backendPid);
            resolve();
            me.unresolved = qint64(pending.size());
        }));
        threads.back()->start();
    }
    if (!waitFor([&] { return live + failed == consoles; }, 120000) || failed > 0)
        die(QStringLiteral("%1 of %2 consoles did not go live").arg(consoles - live).arg(consoles));
    for (ConsoleResult &r : results)
        r.cpuTicksStart = processCpuTicks(r.backendPid);
    measuring = true;

    // Lanes: a steady total rate, each lane on its own schedule (no catching up in bursts).
    std::atomic<qint64> attempts { 0 };
    std::atomic<qint64> won { 0 };
    std::atomic<qint64> errors { 0 };
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(seconds);
    const auto period = std::chrono::nanoseconds(1000000000LL * lanes / rate);
    std::vector<std::thread> laneThreads;
    for (int i = 0; i < lanes; ++i) {
        laneThreads.emplace_back([&, i] {
            DatabaseConnection connection(settings, QStringLiteral("bench-lane-%1").arg(i));
            if (connection.open().isValid()) {
                ++errors;
                return;
            }
            OrderRepository repository(connection);
            std::mt19937_64 random(quint64(i) * 31 + 7);
            auto next = start + period * i / lanes;
            for (int n = 0; n < 10000000 && Clock::now() < deadline; ++n) {
                std::this_thread::sleep_until(next);
                next += period;
                const qint64 orderId = 1 + qint64(random() % quint64(ready));
                const ClaimOutcome outcome
                    = repository.claim(orderId, 1 + qint64(random() % quint64(drivers)),
                                       ClaimSource::Simulation, QStringLiteral("bench-lane"));
                const auto committed = Clock::now();
                ++attempts;
                if (outcome.code == OutcomeCode::Assigned) {
                    ++won;
                    std::lock_guard lock(claimsMutex);
                    claims.push_back({ orderId, committed });
                } else if (outcome.httpStatus() != 409) {
                    ++errors;
                }
            }
        });
    }
    for (std::thread &thread : laneThreads)
        thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    drained = true;
    // Let the last notifications arrive; then stop whatever is still waiting.
    waitFor([] { return false; }, 0);
    const auto stopAt = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < stopAt && std::any_of(threads.begin(), threads.end(), [](QThread *t) {
               return t->isRunning();
           }))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }

    std::vector<double> all;
    std::vector<double> consoleP99;
    qint64 boardRefreshes = 0;
    qint64 driverRefreshes = 0;
    qint64 unresolved = 0;
    qint64 cpuTicks = 0;
    for (const ConsoleResult &r : results) {
        all.insert(all.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        consoleP99.push_back(percentile(r.latenciesMs, 99));
        boardRefreshes += r.boardRefreshes;
        driverRefreshes += r.driverRefreshes;
        unresolved += r.unresolved;
        if (r.cpuTicksStart >= 0 && r.cpuTicksEnd >= r.cpuTicksStart)
            cpuTicks += r.cpuTicksEnd - r.cpuTicksStart;
    }
    const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));
    print(
        QStringLiteral("consoles=%1 lanes=%2 claims=%3 attempts=%4 claims_per_s=%5 samples=%6"
                       " unresolved=%7 p50_ms=%8 p99_ms=%9 worst_console_p99_ms=%10 max_ms=%11"
                       " board_queries_per_console_s=%12 driver_queries_per_console_s=%13"
                       " board_server_cpu_s=%14 board_server_cpu_share=%15 errors=%16 seconds=%17")
            .arg(consoles)
            .arg(lanes)
            .arg(won.load())
            .arg(attempts.load())
            .arg(double(won.load()) / elapsed, 0, 'f', 1)
            .arg(all.size())
            .arg(unresolved)
            .arg(percentile(all, 50), 0, 'f', 1)
            .arg(percentile(all, 99), 0, 'f', 1)
            .arg(percentile(consoleP99, 100), 0, 'f', 1)
            .arg(percentile(all, 100), 0, 'f', 1)
            .arg(double(boardRefreshes) / consoles / elapsed, 0, 'f', 2)
            .arg(double(driverRefreshes) / consoles / elapsed, 0, 'f', 2)
            .arg(double(cpuTicks) / ticksPerSecond, 0, 'f', 2)
            .arg(double(cpuTicks) / ticksPerSecond / elapsed, 0, 'f', 2)
            .arg(errors.load())
            .arg(elapsed, 0, 'f', 1));
    return errors == 0 && unresolved == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    const Options options(arguments);
    if (command == QLatin1String("cluster"))
        return runCluster(options);
    if (command == QLatin1String("load"))
        return runLoad(options);
    if (command == QLatin1String("reset"))
        return runReset(options);
    if (command == QLatin1String("claims"))
        return runClaims(options);
    if (command == QLatin1String("race"))
        return runRace(options);
    if (command == QLatin1String("http"))
        return runHttp(options);
    if (command == QLatin1String("board-latency"))
        return runBoardLatency(options);
    if (command == QLatin1String("board-refresh"))
        return runBoardRefresh(options);
    if (command == QLatin1String("search"))
        return runSearch(options);
    if (command == QLatin1String("pages"))
        return runPages(options);
    if (command == QLatin1String("rss"))
        return runRss(options);
    if (command == QLatin1String("consoles"))
        return runConsoles(options);
    std::fprintf(stderr,
                 "usage: dispatch-bench cluster|load|reset|claims|race|http|board-latency|"
                 "board-refresh|search|pages|rss|consoles --option value …\n");
    return 2;
}
