// fast-check's default size ('small') caps a generated array at about 10 elements whatever its
// maxLength says, so a property written for books of hundreds of positions would only ever see
// tiny ones. 'medium' lets arrays reach about 100 elements (still within each maxLength).
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), baseSize: 'medium' });
