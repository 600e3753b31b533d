package com.luckydraw.lottery.allocation;

/** The purchase an allocation request belongs to, as the terminal named it: unique per allocation or rejection. */
public record RequestKey(String bizId, String posId) {

    @Override
    public String toString() {
        return posId + "/" + bizId;
    }
}
