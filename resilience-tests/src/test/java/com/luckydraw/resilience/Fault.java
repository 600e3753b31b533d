package com.luckydraw.resilience;

/** A fault done to the private system while purchases flow, and its repair; the repair returns once it is done. */
interface Fault {

    void inject();

    void repair();
}
