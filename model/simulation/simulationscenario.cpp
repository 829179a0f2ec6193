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
    SimulationConfig &config = scenario.config;

    const auto number
        = [&](const QJsonObject &object, const QString &field, int low, int high, int fallback,
              bool required, qsizetype from, const QString &prefix) -> std::optional<int> {
        const QString shown = prefix + field;
        if (!object.contains(field)) {
            if (required) {
                *error = reader.fail(shown, Text::tr("is missing"), from);
                return std::nullopt;
            }
            return fallback;
        }
        const auto value = wholeNumber(object.value(field));
        if (!value || *value < low || *value > high) {
            *error = reader.fail(
                shown, Text::tr("must be a whole number from %1 to %2").arg(low).arg(high), from);
            return std::nullopt;
        }
        return value;
    };
    const auto choice = [&](const QJsonObject &object, const QString &field,
                            const QStringList &words, const QString &fallback, bool required,
                            qsizetype from, const QString &prefix) -> std::optional<QString> {
        const QString shown = prefix + field;
        if (!object.contains(field)) {
            if (required) {
                *error = reader.fail(shown, Text::tr("is missing"), from);
                return std::nullopt;
            }
            return fallback;
        }
        const QString word = object.value(field).toString();
        if (!words.contains(word)) {
            *error = reader.fail(
                shown, Text::tr("must be one of: %1").arg(words.join(QStringLiteral(", "))), from);
            return std::nullopt;
        }
        return word;
    };

    static const QStringList known = {
        QStringLiteral("name"),      QStringLiteral("description"), QStringLiteral("lanes"),
        QStringLiteral("orders"),    QStringLiteral("mode"),        QStringLiteral("rounds"),
        QStringLiteral("pick"),      QStringLiteral("method"),      QStringLiteral("think_ms"),
        QStringLiteral("jitter_ms"), QStringLiteral("seed"),        QStringLiteral("steps"),
    };
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = reader.fail(it.key(),
                                 Text::tr("is not a scenario field (known: %1)")
                                     .arg(known.join(QStringLiteral(", "))));
            return std::nullopt;
        }
    }
    for (const QString &field : { QStringLiteral("name"), QStringLiteral("description") }) {
        if (root.contains(field) && !root.value(field).isString()) {
            *error = reader.fail(field, Text::tr("must be text"));
            return std::nullopt;
        }
    }
    scenario.name = root.value(QStringLiteral("name")).toString();
    scenario.description = root.value(QStringLiteral("description")).toString();

    const auto lanes = number(root, QStringLiteral("lanes"), SimulationConfig::kMinLanes,
                              SimulationConfig::kMaxLanes, 8, true, 0, {});
    if (!lanes)
        return std::nullopt;
    config.lanes = *lanes;
    const auto orders = number(root, QStringLiteral("orders"), 1, 100000, 50, false, 0, {});
    if (!orders)
        return std::nullopt;
    config.orders = *orders;
    const auto rounds = number(root, QStringLiteral("rounds"), 1, 10000, 1, false, 0, {});
    if (!rounds)
        return std::nullopt;
    config.rounds = *rounds;
    const auto think = number(root, QStringLiteral("think_ms"), 0, 60000, 0, false, 0, {});
    if (!think)
        return std::nullopt;
    config.thinkMs = *think;
    const auto jitter = number(root, QStringLiteral("jitter_ms"), 0, 60000, 0, false, 0, {});
    if (!jitter)
        return std::nullopt;
    config.jitterMs = *jitter;
    const auto seed = number(root, QStringLiteral("seed"), 0, 2147483647, 1, false, 0, {});
    if (!seed)
        return std::nullopt;
    config.seed = quint32(*seed);

    const auto mode = choice(root, QStringLiteral("mode"),
                             { QStringLiteral("race"), QStringLiteral("drain"),
                               QStringLiteral("broadcast"), QStringLiteral("step") },
                             {}, true, 0, {});
    if (!mode)
        return std::nullopt;
    config.mode = *mode == QLatin1String("race") ? SimulationConfig::Mode::RaceOneOrder
        : *mode == QLatin1String("drain")        ? SimulationConfig::Mode::DrainBoard
        : *mode == QLatin1String("broadcast")    ? SimulationConfig::Mode::BroadcastOffer
                                                 : SimulationConfig::Mode::Step;
    const auto pick = choice(root, QStringLiteral("pick"),
                             { QStringLiteral("random"), QStringLiteral("oldest") },
                             QStringLiteral("random"), false, 0, {});
    if (!pick)
        return std::nullopt;
    config.pick = *pick == QLatin1String("oldest") ? SimulationConfig::Pick::OldestFirst
                                                   : SimulationConfig::Pick::Random;
    const auto method = choice(root, QStringLiteral("method"),
                               { QStringLiteral("atomic"), QStringLiteral("vulnerable") },
                               QStringLiteral("atomic"), false, 0, {});
    if (!method)
        return std::nullopt;
    config.method = *method == QLatin1String("vulnerable")
        ? SimulationConfig::ClaimMethod::VulnerableTraining
        : SimulationConfig::ClaimMethod::Atomic;

    if (root.contains(QStringLiteral("steps"))) {
        if (!root.value(QStringLiteral("steps")).isArray()) {
            *error
                = reader.fail(QStringLiteral("steps"), Text::tr("must be a list [ … ] of steps"));
            return std::nullopt;
        }
        const QJsonArray steps = root.value(QStringLiteral("steps")).toArray();
        for (int i = 0; i < steps.size(); ++i) {
            const qsizetype from = reader.stepOffset(i);
            const QString prefix = QStringLiteral("steps[%1].").arg(i + 1);
            if (!steps.at(i).isObject()) {
                *error = reader.fail(QStringLiteral("steps[%1]").arg(i + 1),
                                     Text::tr("must be an object { \"action\": … }"), from);
                return std::nullopt;
            }
            const QJsonObject object = steps.at(i).toObject();
            ScenarioStep step;
            const auto at
                = number(object, QStringLiteral("at_ms"), 0, 3600000, 0, false, from, prefix);
            if (!at)
                return std::nullopt;
            step.atMs = *at;
            const auto action = choice(
                object, QStringLiteral("action"),
                { QStringLiteral("claim"), QStringLiteral("hold"), QStringLiteral("race") }, {},
                true, from, prefix);
            if (!action)
                return std::nullopt;
            step.action = *action == QLatin1String("hold") ? ScenarioStep::Action::Hold
                : *action == QLatin1String("race")         ? ScenarioStep::Action::Race
                                                           : ScenarioStep::Action::Claim;
            const auto order = number(object, QStringLiteral("order"), 0, config.orders, 0,
                                      step.action != ScenarioStep::Action::Claim, from, prefix);
            if (!order)
                return std::nullopt;
            step.order = *order;
            const auto seconds
                = number(object, QStringLiteral("hold_seconds"), 1, 600, 30, false, from, prefix);
            if (!seconds)
                return std::nullopt;
            step.holdSeconds = *seconds;

            const QString lanesField = object.contains(QStringLiteral("lanes"))
                ? QStringLiteral("lanes")
                : QStringLiteral("lane");
            const QJsonValue lanesValue = object.value(lanesField);
            const QString badLanes
                = Text::tr("must be a lane number from 1 to %1, a list of them, or a range \"1-8\"")
                      .arg(config.lanes);
            QList<int> numbers;
            if (lanesValue.isArray()) {
                for (const QJsonValue &value : lanesValue.toArray()) {
                    const auto lane = wholeNumber(value);
                    if (!lane || *lane < 1 || *lane > config.lanes) {
                        *error = reader.fail(prefix + lanesField, badLanes, from);
                        return std::nullopt;
                    }
                    numbers << *lane;
                }
            } else if (lanesValue.isString()) {
                static const QRegularExpression range(
                    QStringLiteral("^\\s*(\\d+)\\s*[-\u2013]\\s*(\\d+)\\s*$"));
                const auto match = range.match(lanesValue.toString());
                const int first = match.hasMatch() ? match.captured(1).toInt() : 0;
                const int last = match.hasMatch() ? match.captured(2).toInt() : 0;
                if (first >= 1 && first <= last && last <= config.lanes) {
                    for (int lane = first; lane <= last; ++lane)
                        numbers << lane;
                }
            } else if (const auto lane = wholeNumber(lanesValue);
                       lane && *lane >= 1 && *lane <= config.lanes) {
                numbers << *lane;
            }
            if (numbers.isEmpty()) {
                *error = reader.fail(prefix + lanesField, badLanes, from);
                return std::nullopt;
            }
            step.lanes = numbers;
            scenario.steps << step;
        }
    }
    if (const QString invalid = config.validate(); !invalid.isEmpty()) {
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
