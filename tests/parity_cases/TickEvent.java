// A hand-written SDK's view of the minimal catalog (tests/specs/minimal), shaped like the
// Azure SDK's expandable string enums.
package com.example.ticks;

import com.azure.core.util.ExpandableStringEnum;
import java.util.Collection;

/**
 * Ticks of a clock.
 */
public final class TickEvent extends ExpandableStringEnum<TickEvent> {
    /**
     * Started. The data of this event is of type Clock.
     */
    @Generated
    public static final TickEvent CLOCK_STARTED = fromString("clock.started");

    /**
     * Stopped. The data of this event is of type ClockData.
     */
    @Generated
    public static final TickEvent CLOCK_STOPPED = fromString("clock.stopped");

    @Generated
    @Deprecated
    public TickEvent() {
    }

    @Generated
    public static TickEvent fromString(String name) {
        return fromString(name, TickEvent.class);
    }

    @Generated
    public static Collection<TickEvent> values() {
        return values(TickEvent.class);
    }
}
