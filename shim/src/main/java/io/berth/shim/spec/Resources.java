package io.berth.shim.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/** The spec's {@code linux.resources}: cgroup settings. Absent values are null (left unset). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids, BlockIO blockIO,
                        List<HugepageLimit> hugepageLimits, Network network, Map<String, String> unified) {
    public Resources {
        devices = devices == null ? List.of() : List.copyOf(devices);
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** A device cgroup rule. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP,
                         @JsonDeserialize(using = UnsignedLongDeserializer.class) Long swappiness,
                         Boolean disableOOMKiller, Boolean useHierarchy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(@JsonDeserialize(using = UnsignedLongDeserializer.class) Long shares, Long quota,
                      @JsonDeserialize(using = UnsignedLongDeserializer.class) Long period,
                      Long realtimeRuntime,
                      @JsonDeserialize(using = UnsignedLongDeserializer.class) Long realtimePeriod,
                      String cpus, String mems, Long idle) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BlockIO(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice,
                          List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
                          List<ThrottleDevice> throttleReadIOPSDevice, List<ThrottleDevice> throttleWriteIOPSDevice) {
        public BlockIO {
            weightDevice = weightDevice == null ? List.of() : List.copyOf(weightDevice);
            throttleReadBpsDevice = throttleReadBpsDevice == null ? List.of() : List.copyOf(throttleReadBpsDevice);
            throttleWriteBpsDevice = throttleWriteBpsDevice == null ? List.of() : List.copyOf(throttleWriteBpsDevice);
            throttleReadIOPSDevice = throttleReadIOPSDevice == null ? List.of() : List.copyOf(throttleReadIOPSDevice);
            throttleWriteIOPSDevice = throttleWriteIOPSDevice == null ? List.of()
                    : List.copyOf(throttleWriteIOPSDevice);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WeightDevice(long major, long minor, Integer weight, Integer leafWeight) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThrottleDevice(long major, long minor,
                                 @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long rate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HugepageLimit(String pageSize,
                                @JsonDeserialize(using = UnsignedLongDeserializer.Primitive.class) long limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(Long classID, List<InterfacePriority> priorities) {
        public Network {
            priorities = priorities == null ? List.of() : List.copyOf(priorities);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InterfacePriority(String name, long priority) {
    }
}
