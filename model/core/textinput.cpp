#include "core/textinput.h"

#include <QStringList>

namespace TextInput {

QString cleaned(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            result += QLatin1Char(' ');
        else if (!c.isNonCharacter())
            result += c;
    }
    return result.trimmed();
}

bool hasUnpairedSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return true;
    }
    return false;
}

QDateTime utc(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

QString bigintArray(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace TextInput
