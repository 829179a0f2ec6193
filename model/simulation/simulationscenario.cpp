#include "simulation/simulationscenario.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SimulationScenario)
};

int lineAt(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    return int(text.left(offset).count('\n')) + 1;
}

// Reads the fields and remembers where they are in the text, for messages a person can use.
class Reader
{
public:
    explicit Reader(const QByteArray &text)
        : m_text(text)
    { }

    // The offset of the n-th object of the "steps" array (0-based), or -1.
    qsizetype stepOffset(int n) const
    {
        const QRegularExpression key(QStringLiteral("\"steps\"\\s*:\\s*\\["));
        const auto match = key.match(QString::fromUtf8(m_text));
        if (!match.hasMatch())
            return -1;
        // Offsets in the QString and the UTF-8 bytes differ only after non-ASCII text;
        // good enough for a line number.
        qsizetype i = match.capturedEnd();
        int depth = 0;
        int seen = -1;
        bool inString = false;
        for (; i < m_text.size(); ++i) {
            const char c = m_text.at(i);
            if (inString) {
                if (c == '\\')
                    ++i;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 0 && ++seen == n)
                    return i;
            } else if (c == '}') {
                --depth;
            } else if (c == ']' && depth == 0) {
                break;
            }
        }
        return -1;
    }

    // "line N: field "x": why", the line of the key (searched from `from`).
    QString fail(const QString &field, const QString &why, qsizetype from = 0) const
    {
        const QByteArray key = '"' + field.section(QLatin1Char('.'), -1).toUtf8() + '"';
        qsizetype at = m_text.indexOf(key, std::max<qsizetype>(0, from));
        if (at < 0)
            at = from > 0 ? from : 0;
        return Text::tr("line %1: field \"%2\": %3").arg(lineAt(m_text, at)).arg(field, why);
    }

private:
    const QByteArray &m_text;
};

std::optional<int> wholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (d != double(qint64(d)) || d < -2147483647.0 || d > 2147483647.0)
        return std::nullopt;
    return int(d);
}

// The fields of one JSON object (the scenario, or one of its steps): each read checks its
// value and, on a bad one, writes the message naming the line and the field into *error.
class FieldReader
{
public:
    FieldReader(const Reader &reader, const QJsonObject &object, qsizetype from, QString prefix,
                QString *error)
        : m_reader(reader)
        , m_object(object)
        , m_from(from)
        , m_prefix(std::move(prefix))
        , m_error(error)
    { }

    const QJsonObject &object() const { return m_object; }

    std::nullopt_t fail(const QString &field, const QString &why) const
    {
        *m_error = m_reader.fail(m_prefix + field, why, m_from);
        return std::nullopt;
    }

    std::optional<int> number(const QString &field, int low, int high, int fallback,
                              bool required) const
    {
        if (!m_object.contains(field))
            return required ? fail(field, Text::tr("is missing")) : std::optional<int>(fallback);
        const auto value = wholeNumber(m_object.value(field));
        if (!value || *value < low || *value > high)
            return fail(field, Text::tr("must be a whole number from %1 to %2").arg(low).arg(high));
        return value;
    }

    // One of `words` (in the order the message lists them); no fallback: required.
    template<typename Value>
    std::optional<Value> choice(const QString &field,
                                const QList<std::pair<QLatin1String, Value>> &words,
                                std::optional<Value> fallback = std::nullopt) const
    {
        if (!m_object.contains(field))
            return fallback ? fallback : fail(field, Text::tr("is missing"));
        const QString word = m_object.value(field).toString();
        QStringList listed;
        for (const auto &[name, value] : words) {
            if (word == name)
                return value;
            listed << name;
        }
        return fail(field, Text::tr("must be one of: %1").arg(listed.join(QStringLiteral(", "))));
    }

    // "lane": 3, "lanes": [1, 4, 6] or "lanes": "1-8", each from 1 to laneCount.
    std::optional<QList<int>> lanes(int laneCount) const
    {
        const QString field = m_object.contains(QStringLiteral("lanes")) ? QStringLiteral("lanes")
                                                                         : QStringLiteral("lane");
        const QJsonValue value = m_object.value(field);
        const auto valid = [laneCount](std::optional<int> lane) {
            return lane && *lane >= 1 && *lane <= laneCount;
        };
        QList<int> numbers;
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray()) {
                const auto lane = wholeNumber(item);
                if (!valid(lane)) {
                    numbers.clear();
                    break;
                }
                numbers << *lane;
            }
        } else if (value.isString()) {
            static const QRegularExpression range(
                QStringLiteral("^\\s*(\\d+)\\s*[-\u2013]\\s*(\\d+)\\s*$"));
            const auto match = range.match(value.toString());
            const int first = match.hasMatch() ? match.captured(1).toInt() : 0;
            const int last = match.hasMatch() ? match.captured(2).toInt() : 0;
            if (first >= 1 && first <= last && last <= laneCount) {
                for (int lane = first; lane <= last; ++lane)
                    numbers << lane;
            }
        } else if (const auto lane = wholeNumber(value); valid(lane)) {
            numbers << *lane;
        }
        if (numbers.isEmpty()) {
            return fail(
                field,
                Text::tr("must be a lane number from 1 to %1, a list of them, or a range \"1-8\"")
                    .arg(laneCount));
        }
        return numbers;
    }

private:
    const Reader &m_reader;
    const QJsonObject &m_object;
    qsizetype m_from;
    QString m_prefix;
    QString *m_error;
};

// The scenario's numeric settings, in the order they are checked.
struct NumberField
{
    QLatin1String name;
    int low;
    int high;
    int fallback;
    bool required;
    void (*set)(SimulationConfig &, int);
};

const NumberField kNumberFields[] = {
    { QLatin1String("lanes"), SimulationConfig::kMinLanes, SimulationConfig::kMaxLanes, 8, true,
      [](SimulationConfig &c, int v) {
          c.lanes = v;
      } },
    { QLatin1String("orders"), 1, 100000, 50, false,
      [](SimulationConfig &c, int v) {
          c.orders = v;
      } },
    { QLatin1String("rounds"), 1, 10000, 1, false,
      [](SimulationConfig &c, int v) {
          c.rounds = v;
      } },
    { QLatin1String("think_ms"), 0, 60000, 0, false,
      [](SimulationConfig &c, int v) {
          c.thinkMs = v;
      } },
    { QLatin1String("jitter_ms"), 0, 60000, 0, false,
      [](SimulationConfig &c, int v) {
          c.jitterMs = v;
      } },
    { QLatin1String("seed"), 0, 2147483647, 1, false,
      [](SimulationConfig &c, int v) {
          c.seed = quint32(v);
      } },
    { QLatin1String("drivers"), 0, SimulationConfig::kMaxLanes, 0, false,
      [](SimulationConfig &c, int v) {
          c.drivers = v;
      } },
    { QLatin1String("capacity"), 0, 1000, 0, false,
      [](SimulationConfig &c, int v) {
          c.capacity = v;
      } },
};

const QStringList &knownFields()
{
    static const QStringList known = {
        QStringLiteral("name"),      QStringLiteral("description"), QStringLiteral("lanes"),
        QStringLiteral("orders"),    QStringLiteral("mode"),        QStringLiteral("rounds"),
        QStringLiteral("pick"),      QStringLiteral("method"),      QStringLiteral("think_ms"),
        QStringLiteral("jitter_ms"), QStringLiteral("seed"),        QStringLiteral("steps"),
        QStringLiteral("drivers"),   QStringLiteral("capacity"),    QStringLiteral("deliver"),
    };
    return known;
}

// Name, description and the run's settings: every top-level field but "steps".
bool readSettings(const FieldReader &fields, SimulationScenario *scenario)
{
    const QJsonObject &root = fields.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!knownFields().contains(it.key())) {
            fields.fail(it.key(),
                        Text::tr("is not a scenario field (known: %1)")
                            .arg(knownFields().join(QStringLiteral(", "))));
            return false;
        }
    }
    for (const QString &field : { QStringLiteral("name"), QStringLiteral("description") }) {
        if (root.contains(field) && !root.value(field).isString()) {
            fields.fail(field, Text::tr("must be text"));
            return false;
        }
    }
    scenario->name = root.value(QStringLiteral("name")).toString();
    scenario->description = root.value(QStringLiteral("description")).toString();

    SimulationConfig &config = scenario->config;
    for (const NumberField &field : kNumberFields) {
        const auto value
            = fields.number(field.name, field.low, field.high, field.fallback, field.required);
        if (!value)
            return false;
        field.set(config, *value);
    }
    using Mode = SimulationConfig::Mode;
    const auto mode = fields.choice<Mode>(QStringLiteral("mode"),
                                          { { QLatin1String("race"), Mode::RaceOneOrder },
                                            { QLatin1String("drain"), Mode::DrainBoard },
                                            { QLatin1String("broadcast"), Mode::BroadcastOffer },
                                            { QLatin1String("step"), Mode::Step } });
    if (!mode)
        return false;
    config.mode = *mode;
    using Pick = SimulationConfig::Pick;
    const auto pick = fields.choice<Pick>(QStringLiteral("pick"),
                                          { { QLatin1String("random"), Pick::Random },
                                            { QLatin1String("oldest"), Pick::OldestFirst } },
                                          Pick::Random);
    if (!pick)
        return false;
    config.pick = *pick;
    using Method = SimulationConfig::ClaimMethod;
    const auto method
        = fields.choice<Method>(QStringLiteral("method"),
                                { { QLatin1String("atomic"), Method::Atomic },
                                  { QLatin1String("vulnerable"), Method::VulnerableTraining } },
                                Method::Atomic);
    if (!method)
        return false;
    config.method = *method;
    const QJsonValue deliver = root.value(QStringLiteral("deliver"));
    if (!deliver.isUndefined() && !deliver.isBool()) {
        fields.fail(QStringLiteral("deliver"), Text::tr("must be true or false"));
        return false;
    }
    config.deliver = deliver.toBool(false);
    return true;
}

// Step i (0-based) of "steps", checked against the run's settings.
std::optional<ScenarioStep> readStep(const Reader &reader, const QJsonValue &value, int i,
                                     const SimulationConfig &config, QString *error)
{
    const qsizetype from = reader.stepOffset(i);
    if (!value.isObject()) {
        *error = reader.fail(QStringLiteral("steps[%1]").arg(i + 1),
                             Text::tr("must be an object { \"action\": … }"), from);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const FieldReader fields(reader, object, from, QStringLiteral("steps[%1].").arg(i + 1), error);
    ScenarioStep step;
    using Action = ScenarioStep::Action;
    const auto at = fields.number(QStringLiteral("at_ms"), 0, 3600000, 0, false);
    if (!at)
        return std::nullopt;
    step.atMs = *at;
    const auto action = fields.choice<Action>(QStringLiteral("action"),
                                              { { QLatin1String("claim"), Action::Claim },
                                                { QLatin1String("hold"), Action::Hold },
                                                { QLatin1String("race"), Action::Race } });
    if (!action)
        return std::nullopt;
    step.action = *action;
    const auto order
        = fields.number(QStringLiteral("order"), 0, config.orders, 0, step.action != Action::Claim);
    if (!order)
        return std::nullopt;
    step.order = *order;
    const auto seconds = fields.number(QStringLiteral("hold_seconds"), 1, 600, 30, false);
    if (!seconds)
        return std::nullopt;
    step.holdSeconds = *seconds;
    const auto lanes = fields.lanes(config.lanes);
    if (!lanes)
        return std::nullopt;
    step.lanes = *lanes;
    return step;
}

} // namespace

std::optional<SimulationScenario> SimulationScenario::parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = Text::tr("line %1: not valid JSON: %2")
                     .arg(lineAt(json, parseError.offset))
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = Text::tr("line 1: a scenario is one JSON object { … }");
        return std::nullopt;
    }
    const Reader reader(json);
    const QJsonObject root = document.object();
    SimulationScenario scenario;
    if (!readSettings(FieldReader(reader, root, 0, {}, error), &scenario))
        return std::nullopt;

    if (root.contains(QStringLiteral("steps"))) {
        if (!root.value(QStringLiteral("steps")).isArray()) {
            *error
                = reader.fail(QStringLiteral("steps"), Text::tr("must be a list [ … ] of steps"));
            return std::nullopt;
        }
        const QJsonArray steps = root.value(QStringLiteral("steps")).toArray();
        for (int i = 0; i < steps.size(); ++i) {
            const auto step = readStep(reader, steps.at(i), i, scenario.config, error);
            if (!step)
                return std::nullopt;
            scenario.steps << *step;
        }
    }
    if (const QString invalid = scenario.config.validate(); !invalid.isEmpty()) {
        *error = Text::tr("line 1: %1").arg(invalid);
        return std::nullopt;
    }
    return scenario;
}

std::optional<SimulationScenario> SimulationScenario::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Text::tr("%1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return std::nullopt;
    }
    QString why;
    auto scenario = parse(file.readAll(), &why);
    if (!scenario)
        *error = QFileInfo(path).fileName() + QLatin1Char(' ') + why;
    return scenario;
}
