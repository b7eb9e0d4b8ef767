import type { FieldTexts } from './field-dictionary';

export const fieldVi: FieldTexts = {
  invalid: {
    title: 'Hãy nhập tên (không để trống, không chỉ có dấu cách, tối đa 300 ký tự).',
    hostUnitId: 'Hãy chọn đơn vị chủ trì trong phạm vi của bạn.',
    originSiteId: 'Hãy chọn hội trường của đơn vị chủ trì.',
    scheduledStart: 'Hãy chọn ngày giờ bắt đầu.',
    scheduledEnd: 'Giờ kết thúc phải sau giờ bắt đầu.',
    agenda: 'Chương trình quá dài (tối đa 20.000 ký tự).',
    participants: 'Hãy chọn ít nhất một nhánh đơn vị hoặc một điểm cầu trong phạm vi của bạn.',
    code: 'Mã gồm chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.',
    name: 'Hãy nhập tên (không để trống, không chỉ có dấu cách).',
    unitId: 'Hãy chọn một đơn vị trong phạm vi của bạn.',
    address: 'Địa chỉ quá dài.',
    delegateCapacity: 'Số đại biểu là số nguyên từ 0 đến 100.000.',
    linkProfile: 'Hãy chọn loại đường truyền.',
    contact: 'Thông tin liên hệ quá dài.',
    username: 'Tên đăng nhập gồm chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.',
    displayName: 'Hãy nhập họ tên (không để trống).',
    password: 'Mật khẩu cần ít nhất 10 ký tự.',
    currentPassword: 'Mật khẩu hiện tại không đúng.',
    newPassword: 'Mật khẩu mới cần ít nhất 10 ký tự và khác mật khẩu hiện tại.',
    role: 'Hãy chọn vai trò.',
    siteId: 'Cán bộ điểm cầu cần chọn đúng một điểm cầu; các vai trò khác thì không.',
    text: 'Hãy nhập nội dung (không để trống, tối đa 1.000 ký tự).',
    classification: 'Hãy chọn độ mật.',
  },
  taken: {
    code: 'Mã này đã được dùng. Hãy chọn mã khác.',
    username: 'Tên đăng nhập này đã có người dùng. Hãy chọn tên khác.',
  },
  elsewhere: (field) => `Giá trị của mục «${field}» chưa hợp lệ.`,
};
